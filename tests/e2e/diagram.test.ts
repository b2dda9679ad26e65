import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, readConnectors, readGroups, readItems } from '@tsunagu/shared';
import { imeType, launchBrowser, newContext, screenshot, SCREENSHOT_DIR } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { dragMouse, notePoint, openBoard, screenOf, type BoardPage } from './boardSetup.js';

/**
 * 図式化 (issue 16) with two laptops and the projector: one draws a dotted arrow with a label
 * typed through the IME between two notes, the other sees it and moves one end, the arrow
 * follows on all three screens; undo removes it (and redo brings it back); the board image
 * and the printable diagram page show it.
 */
interface DrawnConnector {
  id: string;
  points: number[];
  style: string;
  label: string;
}

/** The connectors drawn on the page's stage (the connector shape's lines: end points, style, label). */
async function drawnConnectors(page: Page): Promise<DrawnConnector[]> {
  return page.evaluate(() => {
    type Drawn = { id: string; points: number[]; style: string; label: string };
    type KNode = { getAttr(k: string): unknown };
    const K = (window as unknown as { Konva: { stages: { find(s: string): KNode[] }[] } }).Konva;
    const stage = K.stages[0];
    if (!stage) return [];
    return stage.find('.connectors').flatMap((s) => (s.getAttr('connectorLines') as Drawn[] | undefined) ?? []);
  });
}

const near = (a: number, b: number, tol = 2) => Math.abs(a - b) <= tol;

/** Poll until `ok` holds (sync or async), or fail after `ms`. */
async function waitFor(ok: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('図式化: connectors between notes, on two laptops and the projector', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let observer: TestClient;
  let a: BoardPage;
  let b: BoardPage;
  let proj: BoardPage;
  let idA = '';
  let idB = '';
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '中央地区 座談会', '中央小学校区');
    observer = connectClient(srv.url, w.id, w.facilitatorToken);
    await observer.synced;
    idA = addItem(observer.doc, { text: '坂道が多い', category: 'mimamori', x: 40, y: 140, column: 'pool' });
    idB = addItem(observer.doc, { text: '買い物が大変', category: 'mimamori', x: 40, y: 560, column: 'pool' });
    a = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'laptop');
    b = await openBoard(browser, srv.url, w.id, w.staffToken, 'laptop');
    proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
  }, 120_000);
  afterAll(async () => {
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('draws a dotted arrow with an IME-typed label; the others see it and it follows a moved note; undo removes it', { timeout: 120_000 }, async () => {
    const pa = a.page;
    // select the two notes (click, then shift+click) and press つなぐ
    const pA = await notePoint(pa, idA);
    const pB = await notePoint(pa, idB);
    await pa.mouse.click(pA.x, pA.y);
    await pa.keyboard.down('Shift');
    await pa.mouse.click(pB.x, pB.y);
    await pa.keyboard.up('Shift');
    await pa.getByTestId('connect').click();
    await pa.getByTestId('connector-panel').waitFor();
    await pa.getByTestId('connector-style-dotted').click();
    // the label through a simulated IME composition: Enter while composing must not commit
    await pa.getByTestId('connector-label').click();
    await imeType(pa, ['だ', 'だか', 'だから'], 'だから');
    await pa.keyboard.press('Enter');

    await waitFor(() => {
      const cs = readConnectors(observer.doc);
      return cs.length === 1 && cs[0]!.style === 'dotted' && cs[0]!.label === 'だから';
    }, 10_000);
    const c = readConnectors(observer.doc)[0]!;
    expect(c).toMatchObject({ from: idA, to: idB, arrow: 'end', style: 'dotted', label: 'だから' });

    // all three screens draw it, dotted, labelled
    for (const p of [pa, b.page, proj.page]) {
      await waitFor(async () => (await drawnConnectors(p)).some((d) => d.id === c.id && d.style === 'dotted' && d.label === 'だから'), 10_000);
    }
    const before = (await drawnConnectors(b.page))[0]!.points;
    // the other laptop selects the line with a click beside it (within a finger's width), away from the label
    const mid = await screenOf(b.page, before[0]! + (before[2]! - before[0]!) * 0.25 + 12, before[1]! + (before[3]! - before[1]!) * 0.25 + 12);
    await b.page.mouse.click(mid.x, mid.y);
    await b.page.getByTestId('connector-panel').waitFor();
    expect(await b.page.getByTestId('connector-style-dotted').getAttribute('aria-pressed')).toBe('true');
    await b.page.getByTestId('connector-close').click();
    await screenshot(pa, 'diagram-laptop-drawn');
    await screenshot(proj.page, 'diagram-projector');

    // the other laptop moves the second note to the right: the arrow's end follows everywhere
    const from = await notePoint(b.page, idB);
    const to = { x: from.x + 420, y: from.y - 40 };
    await dragMouse(b.page, from, to);
    await waitFor(() => {
      const n = readItems(observer.doc).find((i) => i.id === idB)!;
      return n.x > 200;
    }, 10_000);
    const moved = readItems(observer.doc).find((i) => i.id === idB)!;
    for (const p of [pa, b.page, proj.page]) {
      await waitFor(async () => {
        const d = (await drawnConnectors(p))[0];
        // the end point now lies on the moved note's outline (plus the gap), not where it was
        return !!d && !near(d.points[2]!, before[2]!, 5) && d.points[2]! >= moved.x - 10 && d.points[2]! <= moved.x + 240;
      }, 10_000);
    }
    await screenshot(proj.page, 'diagram-projector-moved');

    // undo on the laptop that drew it takes it away (label, style, then the line itself)
    for (let i = 0; i < 5 && readConnectors(observer.doc).some((x) => x.deletedAt === undefined); i++) {
      await pa.keyboard.press('Escape');
      await pa.getByTestId('undo').click();
      await pa.waitForTimeout(150);
    }
    await waitFor(() => readConnectors(observer.doc).every((x) => x.deletedAt !== undefined), 10_000);
    for (const p of [pa, b.page, proj.page]) await waitFor(async () => (await drawnConnectors(p)).length === 0, 10_000);
    // the other laptop's move is not undone by it
    expect(readItems(observer.doc).find((i) => i.id === idB)!.x).toBe(moved.x);

    // redo brings it back, dotted and labelled again
    for (let i = 0; i < 5 && !readConnectors(observer.doc).some((x) => x.deletedAt === undefined && x.label === 'だから' && x.style === 'dotted'); i++) {
      await pa.getByTestId('redo').click();
      await pa.waitForTimeout(150);
    }
    await waitFor(() => readConnectors(observer.doc).some((x) => x.deletedAt === undefined && x.label === 'だから' && x.style === 'dotted'), 10_000);

    // the other way to draw one: drag the selected note's ↗ handle onto another note
    await pa.keyboard.press('Escape');
    const nB = readItems(observer.doc).find((i) => i.id === idB)!;
    const onB = await notePoint(pa, idB);
    await pa.mouse.click(onB.x, onB.y);
    const handle = await screenOf(pa, nB.x + 180 + 22, nB.y + 60);
    const onA = await notePoint(pa, idA);
    await dragMouse(pa, handle, onA);
    await waitFor(() => readConnectors(observer.doc).some((x) => x.deletedAt === undefined && x.from === idB && x.to === idA), 10_000, 'the dragged connector');
    await pa.getByTestId('connector-panel').waitFor();
    await pa.getByTestId('connector-close').click();
  });

  it('a frame named through the IME holds its notes: moving it by its name tab moves them; its corner resizes it', { timeout: 90_000 }, async () => {
    const pa = a.page;
    await pa.keyboard.press('Escape');
    const pA = await notePoint(pa, idA);
    const pB = await notePoint(pa, idB);
    await pa.mouse.click(pA.x, pA.y);
    await pa.keyboard.down('Shift');
    await pa.mouse.click(pB.x, pB.y);
    await pa.keyboard.up('Shift');
    await pa.getByTestId('group').click();
    await pa.getByTestId('group-name').click();
    await imeType(pa, ['い', 'いど', '移動'], '移動の島');
    await pa.keyboard.press('Enter');
    await waitFor(() => readGroups(observer.doc).some((g) => g.name === '移動の島' && !!g.frame), 10_000, 'the frame');
    const g = readGroups(observer.doc).find((x) => x.name === '移動の島')!;
    const before = new Map(readItems(observer.doc).map((i) => [i.id, { x: i.x, y: i.y }]));
    await pa.mouse.click(5, 300); // nothing selected
    // drag the name tab (drawn just above the frame's top-left corner) 200 board units down
    const tab = await screenOf(pa, g.frame!.x + 40, g.frame!.y - 24);
    const v = Number(await pa.getByTestId('board-canvas').getAttribute('data-view-scale'));
    await dragMouse(pa, tab, { x: tab.x, y: tab.y + 200 * v });
    await waitFor(() => (readGroups(observer.doc).find((x) => x.id === g.id)!.frame!.y ?? 0) > g.frame!.y + 150, 10_000, 'the frame moved');
    const moved = readGroups(observer.doc).find((x) => x.id === g.id)!.frame!;
    const dy = moved.y - g.frame!.y;
    for (const id of [idA, idB]) {
      const n = readItems(observer.doc).find((i) => i.id === id)!;
      expect(n.y - before.get(id)!.y).toBeCloseTo(dy, 0);
      expect(n.x).toBe(before.get(id)!.x);
    }
    // the corner handle makes it wider
    const corner = await screenOf(pa, moved.x + moved.w - 14, moved.y + moved.h - 14);
    await dragMouse(pa, corner, { x: corner.x + 150 * v, y: corner.y + 60 * v });
    await waitFor(() => readGroups(observer.doc).find((x) => x.id === g.id)!.frame!.w > moved.w + 100, 10_000, 'the frame resized');
    // a connector from a note to the frame is drawn, and the relation names the frame
    await waitFor(async () => (await proj.page.locator('[data-testid="note-row"]').count()) >= 2, 5000);
    await screenshot(pa, 'diagram-laptop-frame');
    await screenshot(proj.page, 'diagram-projector-frame');
  });

  it('the board image (board.png) and the printable diagram page show the arrow and its label', { timeout: 90_000 }, async () => {
    const res = await fetch(`${srv.url}/api/workshops/${w.id}/board.png`, { headers: { authorization: `Bearer ${w.staffToken}` } });
    expect(res.status).toBe(200);
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, 'diagram-board.png'), png);

    const page = await a.ctx.newPage();
    await page.goto(`${srv.url}/w/${w.id}/print/board#token=${encodeURIComponent(w.staffToken)}`);
    await page.getByTestId('board-image').waitFor();
    const conn = page.locator('[data-testid="diagram"] [data-connector]');
    await expect.poll(() => conn.count()).toBe(2); // the dotted one and the one drawn by the handle
    const dotted = conn.filter({ hasText: 'だから' });
    const dottedId = await dotted.getAttribute('data-connector');
    expect(await page.locator(`[data-testid="diagram"] [data-line="${dottedId}"]`).getAttribute('stroke-dasharray')).toBeTruthy();
    expect(await dotted.locator('text').textContent()).toBe('だから');

    await page.goto(`${srv.url}/w/${w.id}/print/diagram?paper=A3#token=${encodeURIComponent(w.staffToken)}`);
    await page.getByTestId('diagram-print-svg').waitFor();
    expect(await page.locator('.diagram-relations li').first().textContent()).toBe('坂道が多い → 買い物が大変（だから）');
    await page.setViewportSize({ width: 1600, height: 1131 });
    await screenshot(page, 'diagram-print-a3');
    await page.close();
  });

  it("a facilitator's link in projector mode never opens the restricted document (the laptop view does)", { timeout: 60_000 }, async () => {
    const sockets = async (query: string) => {
      const ctx = await newContext(browser, 'projector');
      const page = await ctx.newPage();
      const urls: string[] = [];
      page.on('websocket', (ws) => urls.push(ws.url()));
      await page.goto(`${srv.url}/w/${w.id}${query}#token=${encodeURIComponent(w.facilitatorToken)}`);
      await page.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor();
      await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
      await ctx.close();
      return urls.map((u) => new URL(u).pathname);
    };
    expect((await sockets('')).some((p) => p.endsWith('/staff'))).toBe(true);
    const onWall = await sockets('?mode=projector');
    expect(onWall.length).toBeGreaterThan(0);
    expect(onWall.filter((p) => p.endsWith('/staff'))).toEqual([]);
  });
});
