import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addArea, addPin, readAreas, readItems, updateArea, type Polygon } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Staff reshape an area outline on the map, corner by corner, with real mouse events; every
 * change is checked in the document of a separate y-websocket client (what everyone else
 * sees), including the areaId the server-side rule gives the pins. A participant gets no
 * handles.
 */
const AREA_ID = 'areaSquare';
/** A square around the workshop's default centre: SW, NW, NE, SE (index 2 is the NE corner). */
const SQUARE: Polygon = [
  [35.9235, 139.4838],
  [35.9265, 139.4838],
  [35.9265, 139.4878],
  [35.9235, 139.4878],
];
const NE = 2;
/** Just east of the NE corner: outside the square, inside it once that corner moves east. */
const PIN = { id: 'pinNearCorner', text: '角のそばの集会所', category: 'ibasho', lat: 35.926, lng: 139.4886 };

const polygonOf = (c: TestClient) => readAreas(c.doc).find((a) => a.id === AREA_ID)?.polygon ?? [];
const pinAreaOf = (c: TestClient) => readItems(c.doc).find((i) => i.id === PIN.id)?.areaId;

/** The centre of an element on screen. */
async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/**
 * Press, move in small steps (as a hand does; Leaflet starts a drag after a few px) and
 * release once the handle has arrived: Leaflet moves it (and updates its latlng) in an
 * animation frame, which a busy machine may not have run yet when the last move is sent.
 */
async function drag(page: Page, selector: string, dx: number, dy: number, beforeRelease?: () => Promise<void>): Promise<void> {
  const from = await centre(page, selector);
  const to = { x: from.x + dx, y: from.y + dy };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + (dx * i) / 10, from.y + (dy * i) / 10);
  await expect
    .poll(async () => {
      const at = await centre(page, selector);
      return Math.hypot(at.x - to.x, at.y - to.y);
    })
    .toBeLessThan(1.5);
  await beforeRelease?.();
  await page.mouse.up();
}

describe('reshaping an area outline', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  let staff: TestClient;
  let observer: TestClient;
  beforeAll(async () => {
    // (a local tile server included)
    srv = await startE2eServer();
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url);
    staff = connectClient(srv.url, ws.id, ws.staffToken);
    observer = connectClient(srv.url, ws.id, ws.staffToken);
    await Promise.all([staff.synced, observer.synced]);
    addArea(staff.doc, { id: AREA_ID, name: 'テスト自治会', kind: 'jichikai', polygon: SQUARE });
    addPin(staff.doc, { ...PIN, authorName: 'テスト', authorRole: 'csw' });
    await waitFor(observer.doc, () => polygonOf(observer).length === 4 && readItems(observer.doc).some((i) => i.id === PIN.id), 10_000, 'seed');
  });
  afterAll(async () => {
    staff?.destroy();
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('staff drag a corner, add one from an edge and delete corners; the pin follows its area', async () => {
    expect(pinAreaOf(observer)).toBeUndefined();
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${ws.id}#token=${ws.staffToken}`);
    await page.locator(`[data-pin-id=${PIN.id}]`).waitFor();
    const outline = page.locator('path.tg-area');
    await expect.poll(() => outline.count(), { timeout: 10_000 }).toBe(1);

    // no handles until the outline is clicked; then one per corner and one per edge
    expect(await page.locator('.tg-handle').count()).toBe(0);
    const box = (await outline.boundingBox())!;
    await page.mouse.click(box.x + 8, box.y + box.height / 2);
    await expect.poll(() => page.locator('[data-vertex]').count()).toBe(4);
    expect(await page.locator('[data-midpoint]').count()).toBe(4);
    const dot = (await page.locator(`[data-vertex="${NE}"]`).boundingBox())!;
    expect(dot.width).toBeGreaterThanOrEqual(18);

    // drag the NE corner 70 px east: the outline follows while the mouse is down, the
    // document is written once, on drop, and the pin is now inside the area
    const editOutline = page.locator('.leaflet-tg-area-edit-pane path');
    const widthBefore = (await editOutline.boundingBox())!.width;
    let updates = 0;
    const count = () => updates++;
    observer.doc.on('update', count);
    await drag(page, `[data-vertex="${NE}"]`, 70, 0, async () => {
      expect((await editOutline.boundingBox())!.width).toBeGreaterThan(widthBefore + 60);
    });
    await waitFor(observer.doc, () => polygonOf(observer)[NE]![1] > SQUARE[NE]![1] + 0.001, 10_000, 'moved corner');
    observer.doc.off('update', count);
    expect(updates).toBe(1);
    const moved = polygonOf(observer);
    expect(moved).toHaveLength(4);
    expect(moved[NE]![0]).toBeCloseTo(SQUARE[NE]![0], 3);
    for (const i of [0, 1, 3]) expect(moved[i]).toEqual(SQUARE[i]);
    await waitFor(observer.doc, () => pinAreaOf(observer) === AREA_ID, 10_000, 'pin areaId');

    // drag the middle of the west edge (SW to NW) 50 px west: a fifth corner there
    await drag(page, '[data-midpoint="0"]', -50, 0);
    await waitFor(observer.doc, () => polygonOf(observer).length === 5, 10_000, 'inserted corner');
    const grown = polygonOf(observer);
    expect(grown[1]![1]).toBeLessThan(SQUARE[0]![1] - 0.001);
    expect(grown[1]![0]).toBeCloseTo((SQUARE[0]![0] + SQUARE[1]![0]) / 2, 3);
    expect([grown[0], grown[2], grown[3], grown[4]]).toEqual([moved[0], moved[1], moved[2], moved[3]]);
    await expect.poll(() => page.locator('[data-vertex]').count()).toBe(5);
    await page.locator('.tg-handle-selected [data-vertex="1"]').waitFor();
    await screenshot(page, 'map-area-edit');

    // double-click the new corner: back to four
    const inserted = await centre(page, '[data-vertex="1"]');
    await page.mouse.dblclick(inserted.x, inserted.y);
    await waitFor(observer.doc, () => polygonOf(observer).length === 4, 10_000, 'corner deleted by double-click');
    expect(polygonOf(observer)).toEqual(moved);

    // select a corner and press Delete: three left
    const sw = await centre(page, '[data-vertex="0"]');
    await page.mouse.click(sw.x, sw.y);
    await page.locator('.tg-handle-selected [data-vertex="0"]').waitFor();
    await page.keyboard.press('Delete');
    await waitFor(observer.doc, () => polygonOf(observer).length === 3, 10_000, 'corner deleted by Delete');
    expect(polygonOf(observer)).toEqual(moved.slice(1));

    // never below three: Delete again changes nothing (checked after a later write, the rename)
    await expect.poll(() => page.locator('[data-vertex]').count()).toBe(3);
    const first = await centre(page, '[data-vertex="0"]');
    await page.mouse.click(first.x, first.y);
    await page.keyboard.press('Delete');
    if (!(await page.getByTestId('map-side').isVisible())) await page.getByTestId('legend-toggle').click();
    const editor = page.getByTestId('area-editor');
    expect(await editor.getByTestId('area-shape-hint').innerText()).toContain('角の点をドラッグして形を直せます');
    expect(await editor.getByTestId('area-delete-point').isDisabled()).toBe(true);
    await screenshot(page, 'map-area-edit-panel');
    await editor.getByTestId('area-name').fill('三角の自治会');
    await editor.getByTestId('area-name').press('Enter');
    await waitFor(observer.doc, () => readAreas(observer.doc).find((a) => a.id === AREA_ID)?.name === '三角の自治会', 10_000, 'renamed');
    expect(polygonOf(observer)).toHaveLength(3);

    // a change made elsewhere moves the handles: they follow the live outline, not a snapshot
    updateArea(observer.doc, AREA_ID, { polygon: SQUARE });
    await expect.poll(() => page.locator('[data-vertex]').count(), { timeout: 10_000 }).toBe(4);

    // with the side panel closed, a bar on the map carries the hint and 完了 ends the editing
    await page.getByTestId('legend-toggle').click();
    await page.getByTestId('map-side').waitFor({ state: 'detached' });
    const bar = page.getByTestId('area-shape-bar');
    expect(await bar.innerText()).toContain('角の点をドラッグして形を直せます');
    await bar.getByTestId('area-shape-done').click();
    await expect.poll(() => page.locator('.tg-handle').count()).toBe(0);
    expect(await bar.count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('a participant (joined by code) gets no handles', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, '参加者', 'jumin');
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await page.locator(`[data-pin-id=${PIN.id}]`).waitFor();
    const outline = page.locator('path.tg-area');
    await expect.poll(() => outline.count(), { timeout: 10_000 }).toBe(1);
    const box = (await outline.boundingBox())!;
    await page.mouse.click(box.x + 8, box.y + box.height / 2);
    expect(await page.locator('.tg-handle').count()).toBe(0);
    expect(await page.getByTestId('area-editor').count()).toBe(0);
    await ctx.close();
  });
});
