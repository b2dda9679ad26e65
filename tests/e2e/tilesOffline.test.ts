import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { CHROMIUM_ARGS } from '@tsunagu/server';
import { launchBrowser, newContext, screenshot, SCREENSHOT_DIR, SIZES } from '../helpers/browser.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fakeTileUpstream.js';
import { api, joinWorkshop, ROOT, startServer, tmpDataDir } from '../helpers/server.js';
import { phoneContext } from './phoneKit.js';
import { seedWorkshop, type Seeded } from './mapSeed.js';

/**
 * Issue 12 in a browser: the district's tiles are saved while the fake upstream is up, the
 * upstream stops (the hall has no internet), and the board, the phone's locate step and the
 * A3 print still show map tiles — checked on the pixels of screenshots (the fake tiles are a
 * pale green no other part of the UI uses). Then a phone on an origin that is neither secure
 * nor localhost offers 「地図で場所を選ぶ」 and finds a resource by name.
 */
const TILE_GREEN = [222, 235, 214] as const;

/** Share of a screenshot's pixels that are the fake tiles' green, decoded by a blank page's canvas. */
async function greenShare(decoder: Page, png: Buffer): Promise<number> {
  return decoder.evaluate(
    async ({ b64, rgb }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - rgb[0]) <= 3 && Math.abs(d[i + 1]! - rgb[1]) <= 3 && Math.abs(d[i + 2]! - rgb[2]) <= 3) n++;
      return n / (d.length / 4);
    },
    { b64: png.toString('base64'), rgb: TILE_GREEN },
  );
}

/** Share of tile green in each edge strip (top, right, bottom, left; `w` px wide) of a screenshot. */
async function edgeGreen(decoder: Page, png: Buffer, w = 24): Promise<number[]> {
  return decoder.evaluate(
    async ({ b64, rgb, w }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const share = (x: number, y: number, cw: number, ch: number) => {
        const d = g.getImageData(x, y, cw, ch).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - rgb[0]) <= 3 && Math.abs(d[i + 1]! - rgb[1]) <= 3 && Math.abs(d[i + 2]! - rgb[2]) <= 3) n++;
        return n / (d.length / 4);
      };
      // 2 px in from the border line of the map box
      const W = c.width - 4;
      const H = c.height - 4;
      return [share(2, 2, W, w), share(c.width - 2 - w, 2, w, H), share(2, c.height - 2 - w, W, w), share(2, 2, w, H)];
    },
    { b64: png.toString('base64'), rgb: TILE_GREEN, w },
  );
}

describe('the map in a hall with no internet', () => {
  let up: FakeUpstream;
  let srv: TsunaguServer;
  let browser: Browser;
  let seeded: Seeded;
  let decoder: Page;
  beforeAll(async () => {
    up = await startFakeUpstream();
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-tiles-e2e-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: up.url });
    seeded = await seedWorkshop(srv.url);
    const ws = seeded.ws;
    // 「この地区の地図を保存」 through the API, while "online"
    const start = await api<{ job: { total: number } }>(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch`, { minZoom: 12, maxZoom: 17 }, ws.facilitatorToken);
    expect(start.status).toBe(202);
    const end = Date.now() + 60_000;
    for (;;) {
      const st = await api<{ job: { state: string; failed: number } }>(srv.url, 'GET', `/api/workshops/${ws.id}/tiles`, undefined, ws.facilitatorToken);
      if (st.body.job.state === 'done') {
        expect(st.body.job.failed).toBe(0);
        break;
      }
      if (Date.now() > end) throw new Error('prefetch did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    await up.close(); // the hall: no upstream from here on
    browser = await launchBrowser();
    decoder = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    seeded?.close();
    await browser?.close();
    await srv?.close();
  });

  it('the board map shows cached tiles with the upstream stopped, with the 出典 and the save panel', async () => {
    for (const size of ['laptop', 'projector'] as const) {
      const ctx = await newContext(browser, size);
      const page = await ctx.newPage();
      await page.goto(`${srv.url}/w/${seeded.ws.id}${size === 'projector' ? '?mode=projector' : ''}#token=${seeded.ws.facilitatorToken}`);
      await page.getByTestId('map-pane').waitFor();
      await page.locator('.leaflet-tile-loaded').nth(3).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('map-pane').getAttribute('data-tiles')).toBe('ok');
      expect(await page.locator('.leaflet-control-attribution').innerText()).toContain('地理院タイル');
      if (size === 'laptop') {
        if (!(await page.getByTestId('map-side').isVisible())) await page.getByTestId('legend-toggle').click();
        await expect.poll(() => page.getByTestId('tile-stored').innerText()).toMatch(/^保存済み：[\d,]+枚・[\d.]+MB・z12–17$/);
      }
      // with no tiles it is 0: nothing else in the UI has this colour (polled: Leaflet fades tiles in)
      await expect
        .poll(async () => greenShare(decoder, await page.screenshot()), { message: `${size}: share of tile pixels`, timeout: 15_000, interval: 250 })
        .toBeGreaterThan(0.05);
      await screenshot(page, `tiles-offline-board-${size}`);
      await ctx.close();
    }
  });

  it('the phone locate step shows cached tiles; the A3 print too', async () => {
    const token = await joinWorkshop(srv.url, seeded.ws.joinCode, 'はなこ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${seeded.ws.id}#token=${token}`);
    await phone.getByTestId('pin-here').click();
    await phone.locator('.ph-locate-map .leaflet-tile-loaded').nth(3).waitFor({ timeout: 15_000 });
    await expect.poll(() => phone.getByTestId('geo-status').getAttribute('data-geo')).toBe('ok');
    // The locate map recentres on the position once it arrives, and Leaflet fades the new
    // tiles in: poll the pixels rather than take the first frame after the status flips.
    await expect
      .poll(async () => greenShare(decoder, await phone.screenshot()), { timeout: 15_000, interval: 250 })
      .toBeGreaterThan(0.1);
    await screenshot(phone, 'tiles-offline-phone-locate');
    await ctx.close();

    const pctx = await newContext(browser, 'laptop');
    const print = await pctx.newPage();
    await print.setViewportSize({ width: 1587, height: 1123 });
    await print.goto(`${srv.url}/w/${seeded.ws.id}/print?paper=A3#token=${seeded.ws.facilitatorToken}`);
    await print.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
    expect(await print.locator('.leaflet-tile-loaded').count()).toBeGreaterThan(3);
    expect(await greenShare(decoder, await print.screenshot())).toBeGreaterThan(0.1);
    await screenshot(print, 'tiles-offline-print-a3');
    await print.screenshot({ path: path.join(SCREENSHOT_DIR, 'tiles-offline-print-a3-full.png'), fullPage: true });
    // no blank edge: every border strip of the printed map is covered by tiles from the cache
    const edges = await edgeGreen(decoder, await print.getByTestId('print-map').screenshot());
    for (const [i, side] of ['top', 'right', 'bottom', 'left'].entries()) expect(edges[i], `A3 print map, ${side} edge: share of tile pixels`).toBeGreaterThan(0.6);
    await pctx.close();
  });

  it('on an origin that is not secure and not localhost, the phone offers 「地図で場所を選ぶ」 and the place search jumps to a resource', async () => {
    // Chromium treats 127.0.0.0/8 and localhost as potentially trustworthy; a hostname mapped to
    // 127.0.0.1 by the resolver is a plain insecure http origin, like http://192.168.1.20:8080.
    const insecure = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP tsunagu.test 127.0.0.1'],
    });
    try {
      const s = SIZES.phone;
      const ctx = await insecure.newContext({ viewport: { width: s.width, height: s.height }, deviceScaleFactor: s.deviceScaleFactor, isMobile: true, hasTouch: true, locale: 'ja-JP' });
      await ctx.route(/^https?:\/\/(?!tsunagu\.test)/, (route) => route.abort());
      const token = await joinWorkshop(srv.url, seeded.ws.joinCode, 'たろう', 'jumin');
      const phone = await ctx.newPage();
      await phone.goto(`http://tsunagu.test:${srv.port}/w/${seeded.ws.id}#token=${token}`);
      expect(await phone.evaluate(() => window.isSecureContext)).toBe(false);
      const btn = phone.getByTestId('pin-here');
      await expect.poll(() => btn.getAttribute('data-geo')).toBe('unavailable');
      expect(await btn.innerText()).toContain('地図で場所を選ぶ');
      await screenshot(phone, 'tiles-insecure-phone-home');
      await btn.click();
      expect(await phone.getByTestId('geo-status').getAttribute('data-geo')).toBe('unavailable');
      // full-width/katakana-insensitive: ｻﾛﾝ (half-width) finds 「公民館のサロン」
      await phone.getByTestId('place-search-input').fill('ｻﾛﾝ');
      const result = phone.getByTestId('place-result').first();
      expect(await result.innerText()).toContain('公民館のサロン');
      await screenshot(phone, 'tiles-insecure-phone-search');
      await result.click();
      await expect.poll(() => phone.getByTestId('geo-status').getAttribute('data-geo')).toBe('manual');
      // the pin is at the resource, the category step is offered
      await phone.locator('.ph-locate-map .leaflet-marker-icon').waitFor();
      const center = await phone.evaluate(() => {
        const el = document.querySelector('.ph-locate-map .leaflet-marker-icon')!.getBoundingClientRect();
        const map = document.querySelector('.ph-locate-map')!.getBoundingClientRect();
        return { inside: el.left >= map.left && el.right <= map.right && el.top >= map.top && el.bottom <= map.bottom };
      });
      expect(center.inside).toBe(true);
      await phone.getByTestId('place-ok').click();
      await phone.getByTestId('cat-ibasho').waitFor();
      await screenshot(phone, 'tiles-insecure-phone-found');
      await ctx.close();
    } finally {
      await insecure.close();
    }
  });

  it('with neither tiles nor cache, the map says so and how to fix it (the save action)', async () => {
    const empty = await startServer({ dataDir: tmpDataDir('tsunagu-tiles-none-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: up.url });
    try {
      const other = await seedWorkshop(empty.url);
      const ctx = await newContext(browser, 'laptop');
      const page = await ctx.newPage();
      await page.goto(`${empty.url}/w/${other.ws.id}#token=${other.ws.facilitatorToken}`);
      await expect.poll(() => page.getByTestId('map-pane').getAttribute('data-tiles'), { timeout: 15_000 }).toBe('failed');
      expect(await page.getByTestId('tiles-fix').innerText()).toContain('この地区の地図を保存');
      await screenshot(page, 'tiles-none-notice-laptop');
      await page.getByTestId('tiles-open-save').click();
      await expect.poll(() => page.getByTestId('tile-estimate').innerText()).toMatch(/[\d,]+枚・約\d+MB（ズーム12–18）/);
      expect(await page.getByTestId('tile-stored').innerText()).toBe('まだ保存されていません');
      await page.getByTestId('tile-save').scrollIntoViewIfNeeded();
      await screenshot(page, 'tiles-none-save-panel-laptop');
      other.close();
      await ctx.close();
    } finally {
      await empty.close();
    }
  });
});
