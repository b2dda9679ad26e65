/**
 * Issue 14, the city map in headless Chromium (the `city` section's browser rows): a
 * coordinator opens `/o/:org?tab=map` of an organisation seeded by tests/bench/city.ts
 * (30 workshops × 300 pins) on a laptop (1366×768) and on the projector (1920×1080).
 *   1. First render: navigation start → the performance mark `city-map-drawn` (the frame
 *      after the one that painted every outline and pin; includes loading the page, the map's
 *      data from the server (`/city/map`) and compositing 9,000 dots). Goal ≤ 2 s. `data ms`
 *      is when the map's data had arrived (the mark `city-data`); `list ms` when the merged
 *      resource list beside the map, asked for once the map is drawn, was shown
 *      (`city-resources`).
 *   2. Pan: the map dragged with one mouse move per animation frame for 240 frames at the
 *      city zoom (every pin in view) and zoomed in to the label zoom (names beside the pins
 *      in view). Frame time = the interval between animation frames. Goal p95 ≤ 20 ms.
 * Pins are dots composited into one canvas (client/src/city/pinCanvas.ts): a pan moves one
 * bitmap; the canvas is redrawn once when the view settles.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startTileServer } from '../e2e/mapTiles.js';
import { launchBrowser, newContext } from '../helpers/browser.js';
import { ROOT } from '../helpers/server.js';
import { withSeededCity } from './city.js';
import { dragScript, idleScript, quantile } from './map.js';
import { printTable, type Cell } from './table.js';

const FIRST_RENDER_GOAL_MS = 2000;
const FRAME_GOAL_MS = 20;
const progress = (msg: string) => console.error(`[cityBrowser] ${msg}`);

const ms = (v: number) => Math.round(v * 10) / 10;

const DRAG_SCRIPT = dragScript('[data-testid="city-map"]');

/** Until the map has settled (the drag's inertia ended and the canvas was redrawn), at most 2 s. */
const SETTLE_SCRIPT = `new Promise((r) => { const m = document.querySelector('[data-testid="city-map"]')._cityMap; m.once('moveend', () => requestAnimationFrame(() => r())); setTimeout(r, 2000); })`;

async function pan(page: Page, frames: number): Promise<number[]> {
  await page.evaluate(`${DRAG_SCRIPT}(30)`); // warm-up
  await page.evaluate(SETTLE_SCRIPT);
  return (await page.evaluate(`${DRAG_SCRIPT}(${frames})`)) as number[];
}

export interface CityBrowserInput {
  /** The server's base URL. */
  base: string;
  org: string;
  /** A coordinator token of `org`. */
  token: string;
  /** Public pins the organisation holds (the page must draw them all). */
  pins: number;
  workshops: number;
  frames?: number;
}

/** Run the browser rows and print their table; true when every goal holds. */
export async function runCityBrowser(input: CityBrowserInput): Promise<boolean> {
  const frames = input.frames ?? 240;
  const rows: Cell[][] = [];
  let ok = true;
  const browser = await launchBrowser();
  try {
    for (const size of ['laptop', 'projector'] as const) {
      const ctx = await newContext(browser, size);
      await ctx.addInitScript(([org, token]) => localStorage.setItem(`tsunagu.org.${org}`, token!), [input.org, input.token]);
      // first render: measured twice (a cold page, then the same page reloaded with the
      // browser's cache and a server whose digests are fresh); the second is the one a
      // coordinator sees every time but the first
      for (const round of ['cold', 'warm'] as const) {
        const page = await ctx.newPage();
        progress(`${size}: first render (${round})`);
        await page.goto(`${input.base}/o/${encodeURIComponent(input.org)}?tab=map`);
        await page.locator('[data-testid="city-map"][data-drawn="1"]').waitFor({ timeout: 60_000 });
        const [drawn, data] = (await page.evaluate(`[performance.getEntriesByName('city-map-drawn')[0]?.startTime ?? NaN, performance.getEntriesByName('city-data')[0]?.startTime ?? NaN]`)) as [number, number];
        const shown = Number(await page.getByTestId('city-map').getAttribute('data-pins-drawn'));
        await page.locator('[data-testid="merged-resources"][data-loaded="true"]').waitFor({ timeout: 60_000 });
        const list = (await page.evaluate(`performance.getEntriesByName('city-resources')[0]?.startTime ?? NaN`)) as number;
        const pass = drawn <= FIRST_RENDER_GOAL_MS && shown === input.pins;
        if (round === 'warm') ok &&= pass;
        rows.push([`first render (${round})`, size, `${input.workshops} × ${Math.round(input.pins / Math.max(1, input.workshops))}`, shown, ms(data), ms(drawn), ms(list), '', '', '', `≤ ${FIRST_RENDER_GOAL_MS} ms, all pins`, round === 'warm' ? (pass ? 'PASS' : 'FAIL') : pass ? '(PASS)' : '(FAIL)']);
        if (round === 'cold') {
          await page.close();
          continue;
        }
        const idle = ((await page.evaluate(idleScript(frames))) as number[]).slice(1);
        progress(`${size}: pan at the city zoom`);
        const city = await pan(page, frames);
        const p95 = quantile(city, 0.95);
        ok &&= p95 <= FRAME_GOAL_MS;
        rows.push(['pan, city zoom', size, '', shown, '', '', '', ms(quantile(city, 0.5)), ms(p95), ms(quantile(idle, 0.95)), `p95 ≤ ${FRAME_GOAL_MS} ms`, p95 <= FRAME_GOAL_MS ? 'PASS' : 'FAIL']);
        // zoom in to where the names show (the label zoom) around the map's centre
        await page.evaluate(`(() => { const m = document.querySelector('[data-testid="city-map"]')._cityMap; m.setZoom(16, { animate: false }); })()`);
        await page.waitForFunction(`Number(document.querySelector('[data-testid="city-map"]').dataset.labels) > 0`, undefined, { timeout: 10_000 }).catch(() => {});
        const labels = Number(await page.getByTestId('city-map').getAttribute('data-labels'));
        progress(`${size}: pan zoomed in (${labels} labels)`);
        const zoomed = await pan(page, frames);
        const zp95 = quantile(zoomed, 0.95);
        ok &&= zp95 <= FRAME_GOAL_MS;
        rows.push([`pan, zoom 16 (${labels} labels)`, size, '', shown, '', '', '', ms(quantile(zoomed, 0.5)), ms(zp95), '', `p95 ≤ ${FRAME_GOAL_MS} ms`, zp95 <= FRAME_GOAL_MS ? 'PASS' : 'FAIL']);
        await page.close();
      }
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  printTable('Issue 14 — city map in Chromium (one canvas)', ['scenario', 'screen', 'org', 'pins drawn', 'data ms', 'drawn ms', 'list ms', 'p50 ms', 'p95 ms', 'idle p95 ms', 'goal', 'result'], rows);
  return ok;
}

/**
 * The browser rows on their own seeded server (tests/bench/city.ts withSeededCity: the same
 * organisation as the server rows, served with the built client and a local tile server).
 * Needs `npm run build -w client` first.
 */
export async function runCityBrowserBench(opts: { workshops: number; pins: number }): Promise<boolean> {
  const staticDir = path.join(ROOT, 'client', 'dist');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('client/dist is missing: run `npm run build -w client` first');
  const tiles = await startTileServer('ok');
  try {
    return await withSeededCity({ ...opts, staticDir, tileUrl: tiles.url }, ({ url, seeded }) =>
      runCityBrowser({ base: url, org: seeded.orgId, token: seeded.coordinatorToken, pins: seeded.pins, workshops: opts.workshops }),
    );
  } finally {
    await tiles.close();
  }
}
