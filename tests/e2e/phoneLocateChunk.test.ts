import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { collectErrors, launchBrowser, screenshot } from '../helpers/browser.js';
import { createWorkshop, joinWorkshop, ROOT, startServer, tmpDataDir, type CreatedWorkshop } from '../helpers/server.js';
import { locateReady, phoneContext, switchableSockets } from './phoneKit.js';

/**
 * The 「ここにピン」 step (Leaflet) is a chunk of its own, kept out of what a phone downloads
 * before it can tap (tests/bench/phone.ts). The home screen fetches it into memory once it has
 * synced, so:
 * - a phone that loses Wi-Fi after the home screen still opens the step at once, map styled;
 * - a tap before the chunk has arrived shows 読み込み中, then the step;
 * - a chunk that cannot arrive shows a message with 「場所なしで書く」 and 「もう一度」, never a
 *   blank screen.
 */
const CHUNK = /\/assets\/LocateStep-[^/]+\.js$/;

describe('phone: the locate step as a prefetched chunk', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-locate-chunk-'), staticDir: path.join(ROOT, 'client', 'dist') });
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function openPhone(name: string, hold?: (route: Route) => void) {
    const token = await joinWorkshop(srv.url, ws.joinCode, name, 'jumin');
    const ctx = await phoneContext(browser, true);
    if (hold) await ctx.route(CHUNK, hold);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await page.getByTestId('phone-home').waitFor();
    return { ctx, page, errors };
  }

  const leafletStyled = (page: Page) => page.locator('.leaflet-container').evaluate((el) => getComputedStyle(el).overflow);

  it('opens 「ここにピン」 at once after the phone lost Wi-Fi, once the home screen has fetched it', async () => {
    const { ctx, page } = await openPhone('はなこ');
    const sockets = await switchableSockets(ctx);
    await locateReady(page);
    await sockets.cut();
    await ctx.setOffline(true);
    await page.getByTestId('pin-here').click();
    // no 読み込み中 frame: the module is in memory
    expect(await page.getByTestId('locate-loading').count()).toBe(0);
    await page.getByTestId('locate-map').waitFor();
    expect(await leafletStyled(page)).toBe('hidden'); // leaflet.css came with the chunk
    await expect.poll(() => page.getByTestId('geo-status').getAttribute('data-geo')).toBe('ok');
    await page.getByTestId('place-ok').click();
    await page.getByTestId('phone-category').waitFor();
    await ctx.close();
  });

  it('shows 地図を読み込み中 when tapped before the chunk has arrived, then the step', async () => {
    const held: Route[] = [];
    const { ctx, page, errors } = await openPhone('たろう', (route) => void held.push(route));
    // the prefetch has asked for the chunk and is waiting
    await expect.poll(() => page.getByTestId('pin-here').getAttribute('data-locate'), { timeout: 15_000 }).toBe('loading');
    await page.getByTestId('pin-here').click();
    const loading = page.getByTestId('locate-loading');
    await loading.waitFor();
    expect(await loading.innerText()).toContain('地図を読み込み中');
    expect(await page.getByTestId('back').isVisible()).toBe(true);
    await screenshot(page, 'phone-locate-loading');
    for (const r of held.splice(0)) await r.continue();
    await page.getByTestId('locate-map').waitFor();
    expect(await leafletStyled(page)).toBe('hidden');
    expect(await loading.count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('offers 「場所なしで書く」 and 「もう一度」 when the chunk cannot be fetched', async () => {
    let refuse = true;
    const { ctx, page } = await openPhone('さくら', (route) => void (refuse ? route.abort('internetdisconnected') : route.continue()));
    await expect.poll(() => page.getByTestId('pin-here').getAttribute('data-locate'), { timeout: 15_000 }).toBe('failed');
    await page.getByTestId('pin-here').click();
    const failed = page.getByTestId('locate-failed');
    await failed.waitFor();
    expect(await failed.innerText()).toContain('地図を読み込めませんでした');
    await screenshot(page, 'phone-locate-failed');
    // without a place: the note's two steps
    await page.getByTestId('locate-without-place').click();
    await page.getByTestId('phone-category').waitFor();
    expect(await page.locator('.ph-step-count').innerText()).toContain('1');
    await page.getByTestId('back').click();
    await page.getByTestId('pin-here').click();
    await failed.waitFor();
    // the connection is back: もう一度 fetches it (a failed import() is not kept by the browser)
    refuse = false;
    await page.getByTestId('locate-retry').click();
    await page.getByTestId('locate-map').waitFor();
    expect(await leafletStyled(page)).toBe('hidden');
    await ctx.close();
  });
});
