import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { readAreas, readItems } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { ROOT, startServer, tmpDataDir, waitFor } from '../helpers/server.js';
import { startTileServer, type TileServer } from './mapTiles.js';
import { PUBLIC_PINS, RESTRICTED_PIN, seedWorkshop, type Seeded } from './mapSeed.js';

/**
 * The map on a laptop (staff), on the projector (facilitator) and with tiles failing. Tiles
 * come from a local tile server; nothing leaves 127.0.0.1 (newContext aborts other hosts).
 */
const staticDir = path.join(ROOT, 'client', 'dist');
const pinIds = async (page: Page) =>
  (await page.locator('[data-testid=map-pane] [data-pin-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.pinId!))).sort();
const expectPins = (page: Page, ids: string[]) => expect.poll(() => pinIds(page), { timeout: 10_000 }).toEqual([...ids].sort());
const publicIds = PUBLIC_PINS.map((p) => p.id!);
/** The legend is a column on wide panes and a drawer on narrow ones: open it if closed. */
async function openLegend(page: Page): Promise<void> {
  if (!(await page.getByTestId('map-side').isVisible())) await page.getByTestId('legend-toggle').click();
  await page.getByTestId('map-legend').waitFor();
}

describe('map pane', () => {
  let tiles: TileServer;
  let srv: TsunaguServer;
  let browser: Browser;
  let seed: Seeded;
  beforeAll(async () => {
    tiles = await startTileServer('ok');
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-map-'), staticDir, tileUrl: tiles.url, tileAttribution: '地理院タイル（テスト）' });
    browser = await launchBrowser();
    seed = await seedWorkshop(srv.url);
  });
  afterAll(async () => {
    seed?.close();
    await browser?.close();
    await srv?.close();
    await tiles?.close();
  });

  it('shows pins on local tiles; layer toggles hide and show them; areas import from GeoJSON and filter', async () => {
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${seed.ws.id}#token=${seed.ws.staffToken}`);
    const pane = page.getByTestId('map-pane');
    await expect.poll(() => pane.getAttribute('data-tiles'), { timeout: 15_000 }).toBe('ok');
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    expect(tiles.requests()).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-control-attribution').innerText()).toContain('地理院タイル');

    // staff see the public pins and the restricted one, styled distinctly
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);
    const concern = page.locator(`[data-pin-id=${RESTRICTED_PIN.id}]`);
    expect(await concern.getAttribute('data-restricted')).toBe('true');
    expect(await concern.locator('.tg-pin-restricted').count()).toBe(1);

    await screenshot(page, 'map-desktop-split-laptop-closed-legend');
    // legend toggles: a kind, then a single category
    await openLegend(page);
    await page.getByTestId('layer-kind-resource').uncheck();
    await expectPins(page, ['pinNeedNakacho', 'pinGapMotomachi', RESTRICTED_PIN.id]);
    await page.getByTestId('layer-kind-resource').check();
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);
    await page.getByTestId('layer-cat-mimamori').uncheck();
    await expectPins(page, ['pinSalonNakacho', 'pinGapMotomachi', 'pinShokudoSchool', RESTRICTED_PIN.id]);
    await page.getByTestId('layer-kind-restricted').uncheck();
    await expectPins(page, ['pinSalonNakacho', 'pinGapMotomachi', 'pinShokudoSchool']);
    await page.getByTestId('layer-cat-mimamori').check();
    await page.getByTestId('layer-kind-restricted').check();
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);

    // a popup with text, category, column and votes
    await page.locator('[data-pin-id=pinSalonNakacho]').click();
    const popup = page.getByTestId('pin-popup');
    await popup.waitFor();
    expect(await popup.innerText()).toMatch(/公民館のサロン[\s\S]*居場所・サロン[\s\S]*出てきた課題[\s\S]*投票：\s*0/);
    await page.locator('.leaflet-popup-close-button').click();
    await expect.poll(() => page.getByTestId('pin-popup').count()).toBe(0);

    // import the sample GeoJSON: four outlines appear, existing pins get their areaId
    await page.getByTestId('area-file').setInputFiles(path.join(ROOT, 'tests', 'fixtures', 'chuo_school_district.geojson'));
    await expect.poll(() => page.getByTestId('area-message').innerText()).toContain('4件');
    await expect.poll(() => page.locator('path.tg-area').count()).toBe(4);
    await waitFor(seed.staff.doc, () => readAreas(seed.staff.doc).length === 4, 10_000, 'areas synced');
    const nakacho = readAreas(seed.staff.doc).find((a) => a.name === '仲町自治会')!;
    await waitFor(seed.staff.doc, () => readItems(seed.staff.doc).find((i) => i.id === 'pinNeedNakacho')?.areaId === nakacho.id, 10_000, 'areaId');

    // filter by 仲町自治会: only pins inside it stay (the restricted one too, for staff)
    await page.getByTestId('area-filter').selectOption({ label: '仲町自治会（自治会）' });
    await expectPins(page, ['pinNeedNakacho', 'pinSalonNakacho', RESTRICTED_PIN.id]);
    expect(await page.getByTestId('pins-shown').innerText()).toContain('3件');
    await screenshot(page, 'map-desktop-split-laptop-filtered');
    // the 小学校区 contains every public pin except the 元町 gap? no: 元町 lies inside it too
    await page.getByTestId('area-filter').selectOption({ label: '中央小学校区（小学校区）' });
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);
    await page.getByTestId('area-filter').selectOption('');
    // close the legend drawer and fit the view to everything: every pin and outline in view
    await page.getByTestId('legend-toggle').click();
    await page.getByTestId('map-fit').click();
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);
    const mapBox = (await page.locator('.tg-map').boundingBox())!;
    for (const id of [...publicIds, RESTRICTED_PIN.id]) {
      const b = (await page.locator(`[data-pin-id=${id}]`).boundingBox())!;
      expect(b.x >= mapBox.x && b.x + b.width <= mapBox.x + mapBox.width && b.y >= mapBox.y && b.y + b.height <= mapBox.y + mapBox.height).toBe(true);
    }
    await screenshot(page, 'map-desktop-split-laptop');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'map-desktop-split-projector-size');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('staff place a 心配な世帯 pin (restricted doc, no name) and drag a pin to correct it', async () => {
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${seed.ws.id}#token=${seed.ws.staffToken}`);
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);

    // place a restricted pin through the map
    await page.getByTestId('add-pin').click();
    const map = (await page.locator('.tg-map').boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.5, map.y + map.height * 0.6);
    await page.getByTestId('add-pin-category').selectOption('shinpai');
    await page.getByTestId('add-pin-text').fill('見守りが必要な高齢の世帯');
    await page.getByTestId('add-pin-save').click();
    await waitFor(seed.staffRestricted.doc, () => readItems(seed.staffRestricted.doc).some((i) => i.text === '見守りが必要な高齢の世帯'), 10_000, 'restricted pin');
    const placed = readItems(seed.staffRestricted.doc).find((i) => i.text === '見守りが必要な高齢の世帯')!;
    expect(placed).toMatchObject({ category: 'shinpai', authorName: '' });
    expect(placed.lat).toBeDefined();
    expect(readItems(seed.staff.doc).some((i) => i.text === '見守りが必要な高齢の世帯')).toBe(false);
    await page.locator(`[data-pin-id="${placed.id}"][data-restricted=true]`).waitFor();

    // drag the 元町 gap pin 80 px to the right: its position changes for everyone
    const before = readItems(seed.staff.doc).find((i) => i.id === 'pinGapMotomachi')!;
    const box = (await page.locator('[data-pin-id=pinGapMotomachi]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2);
    await page.mouse.up();
    await waitFor(seed.staff.doc, () => (readItems(seed.staff.doc).find((i) => i.id === 'pinGapMotomachi')!.lng ?? 0) > before.lng! + 0.0005, 10_000, 'dragged pin');
    expect(readItems(seed.staff.doc).find((i) => i.id === 'pinGapMotomachi')!.lat).toBeCloseTo(before.lat!, 3);
    await ctx.close();
  });

  it('never shows the restricted layer in projector mode, and flashes a new pin', async () => {
    const ctx = await newContext(browser, 'projector');
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${seed.ws.id}?mode=projector#token=${seed.ws.facilitatorToken}`);
    await expect.poll(() => pinIds(page), { timeout: 10_000 }).toEqual(expect.arrayContaining(publicIds));
    expect(await page.locator('[data-restricted=true]').count()).toBe(0);
    expect(await page.getByTestId('add-pin').count()).toBe(0);
    expect(await page.content()).not.toContain(RESTRICTED_PIN.text);
    const { addPin } = await import('@tsunagu/shared');
    addPin(seed.staff.doc, { id: 'pinLive', text: '新しい居場所', category: 'ibasho', lat: 35.927, lng: 139.486 });
    await page.locator('[data-pin-id=pinLive] .tg-pin-fresh').waitFor({ timeout: 5000 });
    await screenshot(page, 'map-projector');
    await ctx.close();
  });
});

describe('map pane without tiles', () => {
  let tiles: TileServer;
  let srv: TsunaguServer;
  let browser: Browser;
  let seed: Seeded;
  beforeAll(async () => {
    tiles = await startTileServer('fail');
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-map-notiles-'), staticDir, tileUrl: tiles.url });
    browser = await launchBrowser();
    seed = await seedWorkshop(srv.url);
  });
  afterAll(async () => {
    seed?.close();
    await browser?.close();
    await srv?.close();
    await tiles?.close();
  });

  it('shows a plain background and a notice; pins, popups and toggles keep working', async () => {
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${seed.ws.id}#token=${seed.ws.staffToken}`);
    const pane = page.getByTestId('map-pane');
    await expect.poll(() => pane.getAttribute('data-tiles'), { timeout: 15_000 }).toBe('failed');
    expect(tiles.requests()).toBeGreaterThan(1);
    expect(await page.getByTestId('tiles-failed').innerText()).toContain('地図の画像を読み込めません');
    await expectPins(page, [...publicIds, RESTRICTED_PIN.id]);
    await openLegend(page);
    await page.getByTestId('layer-kind-need').uncheck();
    await expectPins(page, ['pinSalonNakacho', 'pinGapMotomachi', 'pinShokudoSchool', RESTRICTED_PIN.id]);
    await page.locator('[data-pin-id=pinGapMotomachi]').click();
    expect(await page.getByTestId('pin-popup').innerText()).toContain('買い物できる店がほしい');
    await screenshot(page, 'map-tiles-failed-laptop');
    await ctx.close();
  });
});
