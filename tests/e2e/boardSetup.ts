import type { BrowserContext, Page } from 'playwright-core';
import { newContext, type SizeName } from '../helpers/browser.js';
import type { Browser } from 'playwright-core';

/**
 * Helpers for the board's end-to-end tests. Notes are drawn on a canvas; the page also keeps
 * an accessible list of them (data-x/y/column) and the canvas box exposes its view
 * (data-view-x/y/scale), so a test can compute where a note is on screen and drive the real
 * mouse there.
 */
export interface BoardPage {
  ctx: BrowserContext;
  page: Page;
}

export async function openBoard(browser: Browser, base: string, workshopId: string, token: string, size: SizeName = 'laptop', query = ''): Promise<BoardPage> {
  const ctx = await newContext(browser, size);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e));
  page.on('console', (m) => {
    // (blocked map tiles log "Failed to load resource": expected here)
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) console.error('[console]', m.text());
  });
  await page.goto(`${base}/w/${workshopId}${query}#token=${encodeURIComponent(token)}`);
  try {
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await page.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor();
  } catch (e) {
    console.error('[openBoard] the board did not become ready:', await describeBoard(page));
    throw e;
  }
  return { ctx, page };
}

/** What the page shows when the board is not ready: for the failure message. */
async function describeBoard(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const box = document.querySelector<HTMLElement>('[data-testid="board-canvas"]');
      const conn = document.querySelector<HTMLElement>('[data-testid="connection"]');
      const canvases = [...(box?.querySelectorAll('canvas') ?? [])].map((c) => `${c.width}x${c.height} ${JSON.stringify(c.getBoundingClientRect())}`);
      return JSON.stringify({
        url: location.href,
        connection: conn?.dataset.state ?? null,
        box: box ? { ...box.dataset, client: [box.clientWidth, box.clientHeight] } : null,
        canvases,
        body: document.body.innerText.slice(0, 300),
      });
    })
    .catch((e: unknown) => `(page not readable: ${String(e)})`);
}

export async function viewOf(page: Page): Promise<{ x: number; y: number; scale: number }> {
  const el = page.getByTestId('board-canvas');
  const [x, y, scale] = await Promise.all(['data-view-x', 'data-view-y', 'data-view-scale'].map((a) => el.getAttribute(a)));
  return { x: Number(x), y: Number(y), scale: Number(scale) };
}

/** Screen point of a board point. */
export async function screenOf(page: Page, bx: number, by: number): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('board-canvas').boundingBox())!;
  const v = await viewOf(page);
  return { x: box.x + v.x + bx * v.scale, y: box.y + v.y + by * v.scale };
}

export function noteRow(page: Page, id: string) {
  return page.locator(`[data-testid="note-row"][data-id="${id}"]`);
}

/** Screen point inside a note (dx, dy in board units from its top-left; default: its centre-ish). */
export async function notePoint(page: Page, id: string, dx = 90, dy = 60): Promise<{ x: number; y: number }> {
  const row = noteRow(page, id);
  await row.waitFor({ state: 'attached' });
  const x = Number(await row.getAttribute('data-x'));
  const y = Number(await row.getAttribute('data-y'));
  return screenOf(page, x + dx, y + dy);
}

/** Drag with the real mouse in small steps. */
export async function dragMouse(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** The id of the note whose text contains `text` (first match). */
export async function noteIdByText(page: Page, text: string): Promise<string> {
  const row = page.locator('[data-testid="note-row"]', { hasText: text }).first();
  await row.waitFor({ state: 'attached' });
  return (await row.getAttribute('data-id'))!;
}

/** Wait until `n` people are present on the page (their presence can shift nothing, but cursors matter). */
export async function waitForPresence(page: Page, n: number): Promise<void> {
  await page.locator(`[data-testid="presence"][data-count="${n}"]`).first().waitFor();
}
