import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { newContext } from '../helpers/browser.js';

/** Where the test phones stand (仲町自治会). */
export const HERE = { latitude: 35.9302, longitude: 139.4791, accuracy: 25 };

/** A phone-sized browser context, with a position when `geo`. */
export async function phoneContext(browser: Browser, geo: boolean): Promise<BrowserContext> {
  const ctx = await newContext(browser, 'phone');
  if (geo) {
    await ctx.grantPermissions(['geolocation']);
    await ctx.setGeolocation(HERE);
  }
  return ctx;
}

/**
 * Route the page's websockets through a switchable proxy: `cut()` drops them (both sides: the
 * server sees the phone leave) and refuses new ones until `restore()`. Close codes from the
 * server reach the page as they are (the app acts on 4410 and 4413).
 */
export async function switchableSockets(ctx: BrowserContext) {
  let online = true;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await ctx.routeWebSocket(/\/sync\//, (ws) => {
    if (!online) {
      void ws.close({ code: 4001, reason: 'offline' });
      return;
    }
    const server = ws.connectToServer();
    const pair = { page: ws, server };
    open.add(pair);
    server.onClose((code, reason) => {
      open.delete(pair);
      void ws.close({ code, reason }).catch(() => {});
    });
    ws.onClose((code, reason) => {
      open.delete(pair);
      void server.close({ code, reason }).catch(() => {});
    });
  });
  return {
    async cut() {
      online = false;
      const pairs = [...open];
      open.clear();
      await Promise.all(pairs.flatMap((p) => [p.page.close({ code: 4001, reason: 'offline' }).catch(() => {}), p.server.close({ code: 1000, reason: 'offline' }).catch(() => {})]));
    },
    restore() {
      online = true;
    },
  };
}

/**
 * The home screen has fetched the locate step's chunk (Leaflet) into memory: from here on the
 * phone opens 「ここにピン」 without the network. A test that takes the phone offline waits for
 * this first, as a resident's phone has it a moment after the home screen shows.
 */
export async function locateReady(page: Page): Promise<void> {
  await page.locator('[data-testid="pin-here"][data-locate="ready"]').waitFor({ timeout: 15_000 });
}

/** 「ここにピン」 → 「この場所でよい」 → category → text → send; returns the new item's id. */
export async function addPinOnPhone(page: Page, category: string, text: string): Promise<string> {
  await page.getByTestId('pin-here').click();
  await page.getByTestId('place-ok').click();
  await page.getByTestId(`cat-${category}`).click();
  await page.getByTestId('note-text').fill(text);
  await page.getByTestId('send').click();
  await page.getByTestId('phone-sent').waitFor();
  const post = page.getByTestId('my-post').filter({ hasText: text });
  return (await post.getAttribute('data-item-id'))!;
}
