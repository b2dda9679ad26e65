/**
 * Issue 4 benchmarks, in headless Chromium against a real server on 127.0.0.1 with a local
 * tile server:
 *   1. 2,000 pins — map pan frame time. A staff laptop (1366×768) and the projector
 *      (1920×1080) open a workshop with 2,000 pins; the map is dragged with mouse events
 *      dispatched once per animation frame for 240 frames, at the workshop zoom (clusters)
 *      and zoomed in (single pins). Frame time = interval between animation frames while
 *      dragging. Goal p95 ≤ 20 ms.
 *   2. The JavaScript a phone downloads before it can add a pin: a participant on a phone
 *      opens the workshop and taps 「ここにピン」 until the category buttons are shown; every
 *      script response is counted, gzip-compressed here (level 9, what a gzip-serving
 *      proxy would send). Goal ≤ 250 KB.
 */
import path from 'node:path';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { addPin, DEFAULT_CATEGORIES, itemsMap } from '@tsunagu/shared';
import { launchBrowser, newContext } from '../helpers/browser.js';
import { connectClient, createWorkshop, joinWorkshop, ROOT } from '../helpers/server.js';
import { startTileServer } from '../e2e/mapTiles.js';
import { startChild } from './childProcess.js';

type Row = Record<string, number | string>;

const progress = (msg: string) => console.error(`[benchMap] ${msg}`);

const PINS = Number(process.env.BENCH_MAP_PINS ?? 2000);
const FRAMES = 240;
const FRAME_GOAL_MS = 20;
const JS_GOAL_KB = 250;

/** Deterministic pseudo-random numbers (mulberry32), so every run places the same pins. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * Drag the map under `selector` inside the page, one mouse move per animation frame; the
 * script takes the frame count and returns the frame intervals. (The city bench drags its map
 * with it too.)
 */
// In-page script as a string: tsx would add `__name` helpers to a function passed to evaluate.
export const dragScript = (selector: string): string => `(async (n) => {
  const el = document.querySelector(${JSON.stringify(selector)});
  const r = el.getBoundingClientRect();
  let x = r.left + r.width / 2;
  let y = r.top + r.height / 2;
  const opts = (cx, cy) => ({ bubbles: true, cancelable: true, clientX: cx, clientY: cy, button: 0, buttons: 1, view: window });
  el.dispatchEvent(new MouseEvent('mousedown', opts(x, y)));
  const deltas = [];
  let last = performance.now();
  await new Promise((resolve) => {
    let i = 0;
    const step = (t) => {
      if (i > 0) deltas.push(t - last);
      last = t;
      const dir = Math.floor(i / 60) % 2 === 0 ? 1 : -1;
      x += 6 * dir;
      y += 3 * dir;
      document.dispatchEvent(new MouseEvent('mousemove', opts(x, y)));
      if (++i > n) {
        document.dispatchEvent(new MouseEvent('mouseup', opts(x, y)));
        resolve();
      } else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return deltas;
})`;
const DRAG_SCRIPT = dragScript('.tg-map');

/** The intervals of `n` animation frames with nothing moving: the floor the machine gives under its current load. */
export const idleScript = (n: number): string =>
  `new Promise((r) => { const d = []; let l = performance.now(); let i = 0; const s = (t) => { d.push(t - l); l = t; if (++i < ${n}) requestAnimationFrame(s); else r(d); }; requestAnimationFrame(s); })`;

/** Drag the map inside the page, one mouse move per animation frame; returns frame intervals. */
async function dragFrames(page: Page, frames: number): Promise<number[]> {
  return (await page.evaluate(`${DRAG_SCRIPT}(${frames})`)) as number[];
}

async function panBench(url: string, size: 'laptop' | 'projector', zoomIn: number): Promise<Row> {
  const browser = await launchBrowser();
  try {
    const ctx = await newContext(browser, size);
    const page = await ctx.newPage();
    progress(`pan: ${size}, zoom +${zoomIn}`);
    await page.goto(url);
    await page.locator('[data-testid=map-pane][data-tiles=ok]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=map-pane] [data-cluster], [data-testid=map-pane] [data-pin-id]').first().waitFor({ timeout: 30_000 });
    for (let i = 0; i < zoomIn; i++) {
      await page.locator('.leaflet-control-zoom-in').click();
      await page.waitForTimeout(400); // zoom animation (bench only)
    }
    await dragFrames(page, 30); // warm-up
    // the same page without dragging: what this machine gives under its current load
    const idle = (await page.evaluate(idleScript(FRAMES))) as number[];
    const deltas = await dragFrames(page, FRAMES);
    const markers = await page.locator('[data-testid=map-pane] .leaflet-marker-icon').count();
    const p95 = quantile(deltas, 0.95);
    await ctx.close();
    return {
      scenario: `pan ${PINS} pins`,
      screen: size,
      zoom: zoomIn === 0 ? 'workshop (15)' : `+${zoomIn}`,
      markers,
      frames: deltas.length,
      'p50 ms': quantile(deltas, 0.5),
      'p95 ms': p95,
      'max ms': Math.max(...deltas),
      'idle p95 ms': quantile(idle.slice(1), 0.95),
      goal: `p95 ≤ ${FRAME_GOAL_MS} ms`,
      result: p95 <= FRAME_GOAL_MS ? 'PASS' : 'FAIL',
    };
  } finally {
    await browser.close();
  }
}

async function phoneJsBench(base: string, workshopId: string, joinCode: string): Promise<Row> {
  progress('phone JS');
  const token = await joinWorkshop(base, joinCode, 'ベンチ', 'jumin');
  const browser = await launchBrowser();
  try {
    const ctx = await newContext(browser, 'phone');
    await ctx.grantPermissions(['geolocation']);
    await ctx.setGeolocation({ latitude: 35.93, longitude: 139.479, accuracy: 20 });
    const page = await ctx.newPage();
    const scripts = new Map<string, Buffer>();
    page.on('response', async (res) => {
      const type = res.headers()['content-type'] ?? '';
      if (!/javascript/.test(type) && !/\.m?js(\?|$)/.test(res.url())) return;
      try {
        scripts.set(res.url(), await res.body());
      } catch {
        /* redirected or aborted */
      }
    });
    await page.goto(`${base}/w/${workshopId}#token=${token}`);
    await page.getByTestId('pin-here').click();
    await page.getByTestId('locate-map').waitFor();
    await page.waitForLoadState('networkidle');
    const raw = [...scripts.values()].reduce((s, b) => s + b.length, 0);
    const gz = [...scripts.values()].reduce((s, b) => s + zlib.gzipSync(b, { level: 9 }).length, 0);
    const konva = [...scripts.values()].some((b) => b.includes('Konva'));
    await ctx.close();
    return {
      scenario: 'phone JS before adding a pin',
      screen: 'phone',
      files: scripts.size,
      'raw KB': raw / 1024,
      'gzip KB': gz / 1024,
      'canvas (Konva) loaded': konva ? 'yes' : 'no',
      goal: `≤ ${JS_GOAL_KB} KB gzip`,
      result: gz / 1024 <= JS_GOAL_KB ? 'PASS' : 'FAIL',
    };
  } finally {
    await browser.close();
  }
}

export async function benchMap(): Promise<Row[]> {
  const staticDir = path.join(ROOT, 'client', 'dist');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('client/dist is missing: run npm run build');
  const tiles = await startTileServer('ok');
  // the server in a process of its own (the bundled server, as `npm start` runs it), not
  // sharing this runner's heap and event loop (see board.ts)
  const server = await startChild('serverOurs.ts', { BENCH_STATIC_DIR: staticDir, BENCH_TILE_URL: tiles.url });
  const srv = { url: String(server.info.url) };
  const rows: Row[] = [];
  try {
    const ws = await createWorkshop(srv.url);
    const staff = connectClient(srv.url, ws.id, ws.staffToken);
    await staff.synced;
    const cats = DEFAULT_CATEGORIES.filter((c) => !c.restricted).map((c) => c.id);
    const rand = rng(4);
    staff.doc.transact(() => {
      for (let i = 0; i < PINS; i++) {
        addPin(staff.doc, {
          text: `ピン ${i}`,
          category: cats[i % cats.length]!,
          lat: 35.912 + rand() * 0.026,
          lng: 139.47 + rand() * 0.031,
        });
      }
    });
    progress(`${PINS} pins written`);
    // wait until the server has them all (a second client syncs and counts)
    const check = connectClient(srv.url, ws.id, ws.viewerToken);
    await check.synced;
    const deadline = Date.now() + 30_000;
    while (itemsMap(check.doc).size < PINS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    check.destroy();
    staff.destroy();
    const url = `${srv.url}/w/${ws.id}#token=${ws.staffToken}`;
    rows.push(await panBench(url, 'laptop', 0));
    rows.push(await panBench(url, 'laptop', 2));
    rows.push(await panBench(`${srv.url}/w/${ws.id}?mode=projector#token=${ws.facilitatorToken}`, 'projector', 0));
    rows.push(await phoneJsBench(srv.url, ws.id, ws.joinCode));
  } finally {
    await server.stop();
    await tiles.close();
  }
  return rows;
}

// Run directly: `tsx tests/bench/map.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchMap();
  console.table(rows);
}
