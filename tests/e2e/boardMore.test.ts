import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, LANE_WIDTH, readItems } from '@tsunagu/shared';
import { launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, waitFor, type TestClient } from '../helpers/server.js';
import { dragMouse, notePoint, noteRow, openBoard, screenOf, viewOf } from './boardSetup.js';

/**
 * More of the board against a real server, with Node y-websocket clients observing the
 * documents: marquee selection and a multi-note drag, double click vs quick pans, a real
 * two-finger pinch and double tap on a touch phone, and restricted (心配な世帯) notes on the
 * staff board, with undo over them.
 */
describe('board: marquee, double click, pinch zoom, restricted notes', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await browser?.close();
    await srv?.close();
  });
  const observe = async (workshopId: string, token: string, restricted = false) => {
    const c = connectClient(srv.url, workshopId, token, { restricted });
    clients.push(c);
    await c.synced;
    return c;
  };
  const itemIn = (c: TestClient, id: string) => readItems(c.doc, { includeDeleted: true }).find((i) => i.id === id);

  it('Shift+drag on the empty board selects the notes inside the marquee; dragging one moves all of them', async () => {
    const w = await createWorkshop(srv.url);
    const obs = await observe(w.id, w.facilitatorToken);
    const seed = (text: string, x: number, y: number) => addItem(obs.doc, { text, category: 'ido', x, y, authorName: '観察', authorRole: 'csw' });
    const near = [seed('買い物が不便', 20, 100), seed('バスが少ない', 210, 100), seed('坂道がきつい', 20, 240)];
    const far = seed('遠くの付箋', 210, 600);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    for (const id of [...near, far]) await noteRow(fac.page, id).waitFor({ state: 'attached' });
    const view0 = await viewOf(fac.page);
    // a marquee from an empty spot (below the lane header, left of the first note) around the three
    const from = await screenOf(fac.page, 5, 80);
    const to = await screenOf(fac.page, 405, 380);
    await fac.page.keyboard.down('Shift');
    await dragMouse(fac.page, from, to);
    await fac.page.keyboard.up('Shift');
    await expect.poll(() => fac.page.getByTestId('selection-count').textContent()).toMatch(/^3 枚選択中/);
    expect(await viewOf(fac.page)).toEqual(view0); // Shift+drag selected, it did not pan
    // drag one of the three (no Shift): the whole selection goes with it
    const before = new Map([...near, far].map((id) => [id, itemIn(obs, id)!]));
    const pa = await notePoint(fac.page, near[1]!);
    await dragMouse(fac.page, pa, { x: pa.x + 90, y: pa.y + 70 });
    await waitFor(obs.doc, () => near.every((id) => itemIn(obs, id)!.y !== before.get(id)!.y), 5000, 'the three notes moved');
    const dx = itemIn(obs, near[0]!)!.x - before.get(near[0]!)!.x;
    const dy = itemIn(obs, near[0]!)!.y - before.get(near[0]!)!.y;
    expect(Math.abs(dx)).toBeGreaterThan(50);
    expect(Math.abs(dy)).toBeGreaterThan(50);
    for (const id of near) {
      expect(itemIn(obs, id)!.x - before.get(id)!.x).toBe(dx);
      expect(itemIn(obs, id)!.y - before.get(id)!.y).toBe(dy);
    }
    expect(itemIn(obs, far)).toMatchObject({ x: 210, y: 600, column: 'pool' });
    await expect.poll(() => noteRow(fac.page, near[2]!).getAttribute('data-y')).toBe(String(240 + dy));
    await fac.ctx.close();
  });

  it('with the mouse, two quick drag-pans are no double click; a double click on the empty board creates a note', async () => {
    const w = await createWorkshop(srv.url);
    const obs = await observe(w.id, w.facilitatorToken);
    addItem(obs.doc, { text: '既存の付箋', category: 'ido', x: 20, y: 100, authorName: '観察', authorRole: 'csw' });
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const items0 = readItems(obs.doc, { includeDeleted: true }).length;
    const v0 = await viewOf(fac.page);
    const p = await screenOf(fac.page, 300, 500);
    await dragMouse(fac.page, p, { x: p.x + 40, y: p.y }, 4);
    await dragMouse(fac.page, { x: p.x + 40, y: p.y }, { x: p.x + 80, y: p.y }, 4);
    // both pans happened (the view moved twice), and neither opened an editor or made a note
    await expect.poll(async () => (await viewOf(fac.page)).x).toBeCloseTo(v0.x + 80, 0);
    expect(await fac.page.getByTestId('note-editor').count()).toBe(0);
    expect(readItems(obs.doc, { includeDeleted: true }).length).toBe(items0);
    const q = await screenOf(fac.page, 300, 500);
    await fac.page.mouse.dblclick(q.x, q.y);
    await fac.page.getByTestId('note-editor').waitFor();
    await fac.page.keyboard.type('ダブルクリックの付箋');
    await fac.page.keyboard.press('Enter');
    await waitFor(obs.doc, () => readItems(obs.doc).some((i) => i.text === 'ダブルクリックの付箋'), 5000, 'the double-clicked note');
    const created = readItems(obs.doc, { includeDeleted: true }).slice(items0);
    expect(created.map((i) => [i.text, i.deletedAt])).toEqual([['ダブルクリックの付箋', undefined]]);
    expect(created[0]!.column).toBe('pool');
    expect(Math.abs(created[0]!.x - (300 - 90))).toBeLessThanOrEqual(3);
    expect(Math.abs(created[0]!.y - (500 - 60))).toBeLessThanOrEqual(3);
    await fac.ctx.close();
  });

  it('a two-finger pinch on a touch phone zooms in and out around the pinch centre', async () => {
    const w = await createWorkshop(srv.url);
    const obs = await observe(w.id, w.facilitatorToken);
    addItem(obs.doc, { text: '見守りが必要', category: 'mimamori', x: 20, y: 100, authorName: '観察', authorRole: 'csw' });
    const token = await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'jumin');
    const ctx = await newContext(browser, 'phone');
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e));
    await page.goto(`${srv.url}/w/${w.id}#token=${encodeURIComponent(token)}`);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    // upright, the phone shows its home, and its board tab is the list (no canvas on a phone)
    await page.getByTestId('phone-home').waitFor();
    await page.getByTestId('tab-board').click();
    await page.locator('[data-testid="board-page"][data-mode="phone"] .phone-board').waitFor();
    expect(await page.getByTestId('board-canvas').count()).toBe(0);
    // turned sideways (844 px wide) the same phone gets the canvas board
    await page.setViewportSize({ width: 844, height: 390 });
    await page.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor();
    const canvas = page.getByTestId('board-canvas');
    const box = (await canvas.boundingBox())!;
    const items0 = readItems(obs.doc, { includeDeleted: true }).length;

    const cdp = await ctx.newCDPSession(page);
    // the pinch centre: on the empty board (the lanes below the seeded note)
    const centre = { x: box.x + box.width * 0.6, y: box.y + box.height * 0.6 };
    const boardAt = async (p: { x: number; y: number }) => {
      const v = await viewOf(page);
      return { x: (p.x - box.x - v.x) / v.scale, y: (p.y - box.y - v.y) / v.scale };
    };

    const v0 = await viewOf(page);
    const b0 = await boardAt(centre);
    await pinch(cdp, centre, 20, 80);
    await expect.poll(async () => (await viewOf(page)).scale).toBeGreaterThan(v0.scale * 2);
    const v1 = await viewOf(page);
    // the fingers spread 4×: the board under them scaled with them
    expect(v1.scale / v0.scale).toBeCloseTo(4, 0);
    // the board point under the pinch centre is still under it (within a few pixels)
    const s1 = await screenOf(page, b0.x, b0.y);
    expect(Math.abs(s1.x - centre.x)).toBeLessThan(4);
    expect(Math.abs(s1.y - centre.y)).toBeLessThan(4);

    await pinch(cdp, centre, 80, 40);
    await expect.poll(async () => (await viewOf(page)).scale).toBeLessThan(v1.scale * 0.75);
    const v2 = await viewOf(page);
    expect(v2.scale / v1.scale).toBeCloseTo(0.5, 1);
    const s2 = await screenOf(page, b0.x, b0.y);
    expect(Math.abs(s2.x - centre.x)).toBeLessThan(4);
    expect(Math.abs(s2.y - centre.y)).toBeLessThan(4);
    // two pinches in a row are not a double tap: no note was created, no editor opened
    expect(await page.getByTestId('note-editor').count()).toBe(0);
    expect(readItems(obs.doc, { includeDeleted: true }).length).toBe(items0);
    await screenshot(page, 'board-phone-landscape-pinched');
    // while a real double tap on the empty board still creates one note there
    for (let i = 0; i < 2; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...centre, id: 0 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    await page.getByTestId('note-editor').waitFor();
    await page.keyboard.type('坂道が多い');
    await page.keyboard.press('Enter');
    await page.getByTestId('note-editor').waitFor({ state: 'detached' });
    await waitFor(obs.doc, () => readItems(obs.doc).some((i) => i.text === '坂道が多い'), 5000, 'the note of the double tap');
    // exactly one note (no second one from the browser's compatibility mouse events), where tapped
    const created = readItems(obs.doc, { includeDeleted: true }).slice(items0);
    expect(created.map((i) => [i.text, i.deletedAt])).toEqual([['坂道が多い', undefined]]);
    expect(created[0]!.x + 90).toBeCloseTo(b0.x, -1);
    expect(created[0]!.y + 60).toBeCloseTo(b0.y, -1);
    await cdp.detach();
    await ctx.close();
  });

  it('staff see and move a restricted 心配な世帯 note, undo covers it; a participant never sees it', async () => {
    const w = await createWorkshop(srv.url);
    const pub = await observe(w.id, w.staffToken);
    const res = await observe(w.id, w.staffToken, true);
    const secret = '見守り対象世帯XYZ';
    const rid = addItem(res.doc, { text: secret, category: 'shinpai', column: 'pool', x: 20, y: 100, authorName: '社協', authorRole: 'csw' });
    addItem(pub.doc, { text: '公開の付箋', category: 'ido', x: 20, y: 400, authorName: '観察', authorRole: 'csw' });
    const staff = await openBoard(browser, srv.url, w.id, w.staffToken);
    const partToken = await joinWorkshop(srv.url, w.joinCode, 'さくら', 'jumin');
    const part = await openBoard(browser, srv.url, w.id, partToken);
    await expect.poll(() => noteRow(staff.page, rid).getAttribute('data-restricted')).toBe('true');
    expect(await noteRow(staff.page, rid).textContent()).toContain(secret);

    const participantSeesNothing = async (marker: string, y: number) => {
      // a public note written after the page opened has arrived: the page is in sync
      addItem(pub.doc, { text: marker, category: 'ido', x: 210, y, authorName: '観察', authorRole: 'csw' });
      await part.page.locator('[data-testid="note-row"]', { hasText: marker }).waitFor({ state: 'attached' });
      expect(await part.page.locator('[data-testid="note-row"][data-restricted="true"]').count()).toBe(0);
      expect(await noteRow(part.page, rid).count()).toBe(0);
      expect(await part.page.content()).not.toContain(secret);
    };
    await participantSeesNothing('目印その1', 400);

    // the staff user drags the restricted note to 行政がやるべきこと
    const from = await notePoint(staff.page, rid);
    await dragMouse(staff.page, from, await screenOf(staff.page, LANE_WIDTH + 150, 200));
    await waitFor(res.doc, () => itemIn(res, rid)?.column === 'gyosei', 5000, 'the restricted note in 行政がやるべきこと');
    expect(itemIn(res, rid)!.x).toBeGreaterThan(LANE_WIDTH - 90);
    await expect.poll(() => noteRow(staff.page, rid).getAttribute('data-column')).toBe('gyosei');
    await participantSeesNothing('目印その2', 540);
    // the public document holds no copy of it
    expect(itemIn(pub, rid)).toBeUndefined();
    expect(readItems(pub.doc, { includeDeleted: true }).some((i) => i.text.includes(secret) || i.category === 'shinpai')).toBe(false);
    await screenshot(staff.page, 'board-staff-restricted');

    // 元に戻す puts it back in its lane, in the restricted document
    await staff.page.getByTestId('undo').click();
    await waitFor(res.doc, () => itemIn(res, rid)?.column === 'pool', 5000, 'the restricted note back in 出てきた課題');
    expect(itemIn(res, rid)).toMatchObject({ x: 20, y: 100, column: 'pool' });
    await expect.poll(() => noteRow(staff.page, rid).getAttribute('data-column')).toBe('pool');
    expect(itemIn(pub, rid)).toBeUndefined();
    await staff.ctx.close();
    await part.ctx.close();
  });

  it('the selection bar never covers the selected note: at the board\'s bottom edge it moves to the top', async () => {
    const w = await createWorkshop(srv.url);
    const obs = await observe(w.id, w.facilitatorToken);
    const seed = (text: string, x: number, y: number) => addItem(obs.doc, { text, category: 'ido', x, y, authorName: '観察', authorRole: 'csw' });
    const high = seed('上の付箋', 20, 100);
    const low = seed('いちばん下の付箋', 20, 1400);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    for (const id of [high, low]) await noteRow(fac.page, id).waitFor({ state: 'attached' });
    const overlap = async (id: string) => {
      const bar = (await fac.page.getByTestId('selection-bar').boundingBox())!;
      const a = await notePoint(fac.page, id, 0, 0);
      const b = await notePoint(fac.page, id, 180, 120);
      return !(bar.x + bar.width <= a.x || bar.x >= b.x || bar.y + bar.height <= a.y || bar.y >= b.y);
    };
    // the fitted view shows every note: the lowest one at the board's bottom edge
    const box = (await fac.page.getByTestId('board-canvas').boundingBox())!;
    expect((await notePoint(fac.page, low, 0, 120)).y).toBeGreaterThan(box.y + box.height - 96);
    for (const [id, at] of [
      [high, 'bottom'],
      [low, 'top'],
    ] as const) {
      // nothing selected first: the bar of an earlier selection may lie over the low note
      if (await fac.page.getByTestId('selection-bar').count()) await fac.page.keyboard.press('Escape');
      await fac.page.getByTestId('selection-bar').waitFor({ state: 'detached' });
      const p = await notePoint(fac.page, id, 90, 30);
      await fac.page.mouse.click(p.x, p.y);
      await expect.poll(() => fac.page.getByTestId('selection-bar').getAttribute('data-at')).toBe(at);
      expect([id === high ? 'high' : 'low', await overlap(id)]).toEqual([id === high ? 'high' : 'low', false]);
    }
    await screenshot(fac.page, 'board-selection-bar-top-laptop');
    await fac.ctx.close();
  });
});

/** A real two-finger pinch (CDP touch events): fingers `d0` px either side of `c`, spread (or closed) to `d1`. */
async function pinch(cdp: CDPSession, c: { x: number; y: number }, d0: number, d1: number, steps = 8): Promise<void> {
  const points = (d: number) => [
    { x: c.x - d, y: c.y, id: 0 },
    { x: c.x + d, y: c.y, id: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(d0) });
  for (let i = 1; i <= steps; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(d0 + ((d1 - d0) * i) / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
