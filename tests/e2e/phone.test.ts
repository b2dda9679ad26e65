import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { areasFromGeoJson, importAreas, readAreas, readItems } from '@tsunagu/shared';
import { readFileSync } from 'node:fs';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { HERE, addPinOnPhone, locateReady, phoneContext, switchableSockets } from './phoneKit.js';
import { connectClient, createWorkshop, joinWorkshop, ROOT, startServer, tmpDataDir, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { startTileServer, type TileServer } from './mapTiles.js';

/**
 * The resident's phone: 「ここにピン」 with a position the test sets, a category, a short text,
 * send — and the pin shows on the desktop map and board. Then the phone loses its
 * connection (websockets cut by a proxy, HTTP offline), adds a pin that waits as 未送信 in
 * IndexedDB (surviving a closed tab) and arrives when the connection returns.
 */
describe('phone flow', () => {
  let tiles: TileServer;
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  let fac: TestClient;
  beforeAll(async () => {
    tiles = await startTileServer('ok');
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-phone-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: tiles.url });
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url);
    fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await fac.synced;
    const geojson = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'chuo_school_district.geojson'), 'utf8')) as unknown;
    importAreas(fac.doc, areasFromGeoJson(geojson).areas);
  });
  afterAll(async () => {
    fac?.destroy();
    await browser?.close();
    await srv?.close();
    await tiles?.close();
  });

  it('「ここにピン」 adds a pin that appears on the desktop map and board, with its area', async () => {
    const deskCtx = await newContext(browser, 'laptop');
    const desk = await deskCtx.newPage();
    await desk.goto(`${srv.url}/w/${ws.id}#token=${ws.facilitatorToken}`);
    await desk.getByTestId('map-pane').waitFor();

    const token = await joinWorkshop(srv.url, ws.joinCode, 'はなこ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const phone = await ctx.newPage();
    const errors = collectErrors(phone);
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('phone-home').waitFor();
    await screenshot(phone, 'phone-1-home');

    await phone.getByTestId('pin-here').click();
    const status = phone.getByTestId('geo-status');
    await expect.poll(() => status.getAttribute('data-geo')).toBe('ok');
    expect(await status.innerText()).toContain('約25m');
    await phone.locator('.leaflet-tile-loaded').first().waitFor();
    await screenshot(phone, 'phone-2-locate');
    await phone.getByTestId('place-ok').click();
    await phone.getByTestId('cat-ibasho').click();
    await phone.getByTestId('note-text').fill('公民館で毎週お茶会をしています');
    await screenshot(phone, 'phone-3-text');
    await phone.getByTestId('send').click();
    const sent = phone.getByTestId('phone-sent');
    await expect.poll(() => sent.getAttribute('data-sent'), { timeout: 15_000 }).toBe('yes');
    await screenshot(phone, 'phone-4-sent');
    const id = (await phone.getByTestId('my-post').first().getAttribute('data-item-id'))!;
    expect(await phone.getByTestId('send-status').first().innerText()).toContain('送信済み');

    // on the desktop: a pin on the map (briefly highlighted) and a note on the board
    await desk.locator(`[data-pin-id="${id}"]`).waitFor({ timeout: 5000 });
    await desk.locator(`[data-testid=note-row][data-id="${id}"]`).waitFor({ state: "attached", timeout: 5000 });
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.id === id), 5000, 'pin at the facilitator');
    const item = readItems(fac.doc).find((i) => i.id === id)!;
    expect(item).toMatchObject({ text: '公民館で毎週お茶会をしています', category: 'ibasho', column: 'pool', authorName: 'はなこ', authorRole: 'jumin' });
    expect(item.lat).toBeCloseTo(HERE.latitude, 5);
    expect(item.lng).toBeCloseTo(HERE.longitude, 5);
    expect(item.areaId).toBe(readAreas(fac.doc).find((a) => a.name === '仲町自治会')!.id);
    await screenshot(desk, 'phone-pin-on-desktop-laptop');
    expect(errors).toEqual([]);
    await ctx.close();
    await deskCtx.close();
  });

  it('keeps a pin typed offline on the phone (IndexedDB, across a closed tab) and sends it when the connection returns', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'たろう', 'minsei');
    const ctx = await phoneContext(browser, true);
    const sockets = await switchableSockets(ctx);
    let phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('phone-home').waitFor();
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor();
    await locateReady(phone);

    await sockets.cut();
    await ctx.setOffline(true);
    const text = '電波がないときに書いたピン';
    const id = await addPinOnPhone(phone, 'ido', text);
    expect(await phone.getByTestId('phone-sent').getAttribute('data-sent')).toBe('no');
    await phone.getByTestId('again').click();
    const post = phone.locator(`[data-testid=my-post][data-item-id="${id}"]`);
    expect(await post.getAttribute('data-sent')).toBe('no');
    expect(await post.innerText()).toContain('未送信');
    await screenshot(phone, 'phone-5-offline-pending');
    // the item is in IndexedDB before the tab closes
    await expect
      .poll(() =>
        phone.evaluate(
          (name) =>
            new Promise<number>((resolve) => {
              const req = indexedDB.open(name);
              req.onsuccess = () => {
                const tx = req.result.transaction('updates', 'readonly');
                const c = tx.objectStore('updates').count();
                c.onsuccess = () => resolve(c.result);
              };
              req.onerror = () => resolve(0);
            }),
          `tsunagu.doc.${ws.id}`,
        ),
      )
      .toBeGreaterThan(0);
    expect(readItems(fac.doc).some((i) => i.id === id)).toBe(false);

    // the tab is closed; HTTP comes back but websockets stay cut: the pin is still on the phone
    await phone.close();
    await ctx.setOffline(false);
    phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}`);
    const again = phone.locator(`[data-testid=my-post][data-item-id="${id}"]`);
    await again.waitFor();
    expect(await again.getAttribute('data-sent')).toBe('no');
    expect(readItems(fac.doc).some((i) => i.id === id)).toBe(false);

    // the connection returns: the pin arrives and the phone says 送信済み
    sockets.restore();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.id === id && i.text === text), 20_000, 'offline pin to arrive');
    await expect.poll(() => again.getAttribute('data-sent'), { timeout: 20_000 }).toBe('yes');
    expect(await again.innerText()).toContain('送信済み');
    await screenshot(phone, 'phone-6-back-online-sent');
    await ctx.close();
  });

  it('falls back to tapping the map when positioning is refused, and warns about personal data', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'うめ', 'jumin');
    const ctx = await phoneContext(browser, false);
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('pin-here').click();
    const status = phone.getByTestId('geo-status');
    await expect.poll(() => status.getAttribute('data-geo'), { timeout: 20_000 }).toBe('failed');
    await screenshot(phone, 'phone-7-no-geolocation');
    const box = (await phone.getByTestId('locate-map').boundingBox())!;
    await phone.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => status.getAttribute('data-geo')).toBe('manual');
    await phone.getByTestId('place-ok').click();
    await phone.getByTestId('cat-mimamori').click();
    await phone.getByTestId('note-text').fill('田中さんの家 049-222-1234');
    await phone.getByTestId('send').click();
    const warning = phone.getByTestId('privacy-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(/名前[\s\S]*電話番号/);
    await screenshot(phone, 'phone-8-privacy-warning');
    await phone.getByTestId('privacy-fix').click();
    await phone.getByTestId('note-text').fill('一人暮らしで見守りが必要な方がいる');
    await phone.getByTestId('send').click();
    await phone.getByTestId('phone-sent').waitFor();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.text === '一人暮らしで見守りが必要な方がいる' && i.lat !== undefined), 10_000, 'tapped pin');

    // 「付箋を書く」: a note without a place
    await phone.getByTestId('again').click();
    await phone.getByTestId('write-note').click();
    await phone.getByTestId('cat-attara').click();
    await phone.getByTestId('note-text').fill('夜も開いている居場所がほしい');
    await phone.getByTestId('send').click();
    await phone.getByTestId('phone-sent').waitFor();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.text === '夜も開いている居場所がほしい'), 10_000, 'note');
    expect(readItems(fac.doc).find((i) => i.text === '夜も開いている居場所がほしい')).toMatchObject({ category: 'attara', column: 'pool', lat: undefined, authorName: 'うめ' });
    await ctx.close();
  });
});
