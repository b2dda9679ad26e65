import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, CLOSE, deleteItems, itemsMap, readItems, setItemText, setTimer, startTimer } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { connectWriter } from '../helpers/writer.js';
import { HERE, phoneContext } from './phoneKit.js';

/**
 * The phone a resident cannot get wrong (issue 18, point 4): 「ここにピン」 asks
 * 「この場所でいいですか？」 before placing, with 「地図で選ぶ」 beside it; the step counter is
 * truthful (1/3 → 2/3 → 3/3 for a pin); the timer is on every phone screen; a reload returns to
 * the draft; a resident edits and withdraws her own note and cannot touch another's (the UI
 * offers it for her own only; a crafted write on another's note is refused with 4413).
 */
describe('hall phone: asks before placing, timer, draft over a reload, own notes', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  let fac: TestClient;
  const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === ws.id && !r.restricted)!.doc;

  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url, '仲町 地域福祉座談会', '仲町');
    fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await fac.synced;
  });
  afterAll(async () => {
    fac?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('「ここにピン」 asks 「この場所でいいですか？」 with the accuracy circle, and 「地図で選ぶ」 takes a tapped place instead', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'はなこ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const phone = await ctx.newPage();
    const errors = collectErrors(phone);
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('pin-here').click();
    await expect.poll(() => phone.getByTestId('geo-status').getAttribute('data-geo')).toBe('ok');

    // the fix is shown and asked about; no category is offered before the answer
    const confirm = phone.getByTestId('place-confirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('この場所でいいですか？');
    expect(await phone.getByTestId('place-choose').innerText()).toContain('地図で選ぶ');
    expect(await phone.getByTestId('category-picker').count()).toBe(0);
    expect(await phone.locator('.ph-locate-map path.leaflet-interactive').count()).toBe(1); // the accuracy circle
    expect(await phone.locator('.ph-step-count').textContent()).toBe('1 / 3');
    await phone.locator('.ph-locate-map .leaflet-tile-loaded').first().waitFor();
    await screenshot(phone, 'hall2-phone-locate-ask');

    // 「地図で選ぶ」: the fix is set aside, nothing is asked until the map is tapped
    await phone.getByTestId('place-choose').click();
    await expect.poll(() => confirm.count()).toBe(0);
    await screenshot(phone, 'hall2-phone-locate-choosing');
    const box = (await phone.getByTestId('locate-map').boundingBox())!;
    await phone.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.25);
    await expect.poll(() => phone.getByTestId('geo-status').getAttribute('data-geo')).toBe('manual');
    await confirm.waitFor();
    expect(await phone.getByTestId('place-choose').count()).toBe(0);
    await screenshot(phone, 'hall2-phone-locate-tapped');
    await phone.getByTestId('place-ok').click();

    expect(await phone.locator('.ph-step-count').textContent()).toBe('2 / 3');
    await phone.getByTestId('cat-ibasho').click();
    expect(await phone.locator('.ph-step-count').textContent()).toBe('3 / 3');
    await phone.getByTestId('note-text').fill('公園のベンチで毎朝体操');
    await phone.getByTestId('send').click();
    await phone.getByTestId('phone-sent').waitFor();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.text === '公園のベンチで毎朝体操'), 10_000, 'the pin');
    const pin = readItems(fac.doc).find((i) => i.text === '公園のベンチで毎朝体操')!;
    // the tapped place (up and left of the fix), not the hall the phone stands in
    expect(pin.lat).toBeGreaterThan(HERE.latitude);
    expect(pin.lng).toBeLessThan(HERE.longitude);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows the timer on every phone screen and returns to the draft after a reload', async () => {
    setTimer(fac.doc, 10 * 60_000, 'fac');
    startTimer(fac.doc, 'fac');
    const token = await joinWorkshop(srv.url, ws.joinCode, 'うめ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    const timer = phone.getByTestId('timer');
    const timerOn = async (screen: string) => {
      await phone.getByTestId(screen).waitFor();
      await timer.waitFor();
      expect(await timer.getAttribute('data-running')).toBe('true');
      expect(await timer.innerText()).toMatch(/\d+:\d\d/);
    };
    await timerOn('phone-home');
    await screenshot(phone, 'hall2-phone-home-timer');
    await phone.getByTestId('pin-here').click();
    await timerOn('phone-locate');
    await phone.getByTestId('back').click();
    await phone.getByTestId('write-note').click();
    await timerOn('phone-category');
    await phone.getByTestId('cat-attara').click();
    await timerOn('phone-text');
    await phone.getByTestId('note-text').fill('夜も開いている居場所がほし');

    // a reload mid-note: back on the text step with the draft and the category
    await phone.reload();
    await timerOn('phone-text');
    expect(await phone.getByTestId('note-text').inputValue()).toBe('夜も開いている居場所がほし');
    expect(await phone.locator('.ph-chosen').innerText()).toContain('あったらいいな');
    expect(await phone.locator('.ph-step-count').textContent()).toBe('2 / 2');
    await screenshot(phone, 'hall2-phone-draft-after-reload');

    // the other tabs have the timer too, and coming back keeps the draft
    await phone.getByTestId('tab-map').click();
    await timer.waitFor();
    await screenshot(phone, 'hall2-phone-map-timer');
    await phone.getByTestId('tab-board').click();
    await timer.waitFor();
    await phone.getByRole('tab').first().click();
    await phone.getByTestId('phone-text').waitFor();
    await phone.getByTestId('note-text').fill('夜も開いている居場所がほしい');
    await phone.getByTestId('send').click();
    await timerOn('phone-sent');
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.text === '夜も開いている居場所がほしい'), 10_000, 'the note');

    // after sending, a reload starts at home with an empty field next time
    await phone.reload();
    await phone.getByTestId('phone-home').waitFor();
    await phone.getByTestId('write-note').click();
    await phone.getByTestId('cat-attara').click();
    expect(await phone.getByTestId('note-text').inputValue()).toBe('');
    await ctx.close();
  });

  it('a resident edits and withdraws her own note; another’s is not offered, and a crafted write on it is refused', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'さくら', 'jumin');
    const otherToken = await joinWorkshop(srv.url, ws.joinCode, 'たけし', 'jumin');
    const other = connectClient(srv.url, ws.id, otherToken);
    await other.synced;
    const othersId = addItem(other.doc, { text: 'たけしの付箋：坂がきつい', category: 'ido', column: 'pool' });
    await waitFor(fac.doc, () => itemsMap(fac.doc).has(othersId), 10_000, 'another’s note');

    const ctx = await phoneContext(browser, true);
    const phone = await ctx.newPage();
    const errors = collectErrors(phone);
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('write-note').click();
    await phone.getByTestId('cat-ido').click();
    await phone.getByTestId('note-text').fill('バス停がとおい');
    await phone.getByTestId('send').click();
    await phone.getByTestId('again').click();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.text === 'バス停がとおい'), 10_000, 'her note');
    const mineId = readItems(fac.doc).find((i) => i.text === 'バス停がとおい')!.id;

    // only her own note is listed with 「直す」「取り消す」
    const posts = phone.getByTestId('my-post');
    await expect.poll(() => posts.count()).toBe(1);
    expect(await posts.first().getAttribute('data-item-id')).toBe(mineId);
    expect(await phone.getByTestId('post-edit').count()).toBe(1);
    expect(await phone.getByTestId('post-withdraw').count()).toBe(1);
    expect(await phone.getByTestId('my-posts').innerText()).not.toContain('たけし');
    await screenshot(phone, 'hall2-phone-own-posts');

    // edit: the old text in the field, the new one reaches everyone
    await phone.getByTestId('post-edit').click();
    await phone.getByTestId('phone-edit').waitFor();
    expect(await phone.getByTestId('note-text').inputValue()).toBe('バス停がとおい');
    await phone.getByTestId('note-text').fill('バス停が遠くて買い物に行けない');
    await screenshot(phone, 'hall2-phone-edit');
    await phone.getByTestId('send').click();
    await phone.getByTestId('phone-home').waitFor();
    await waitFor(fac.doc, () => readItems(fac.doc).find((i) => i.id === mineId)?.text === 'バス停が遠くて買い物に行けない', 10_000, 'the edit');

    // withdraw: asked first, then a soft delete (deletedAt) that can be undone
    await phone.getByTestId('post-withdraw').click();
    await phone.getByTestId('withdraw-ask').waitFor();
    await screenshot(phone, 'hall2-phone-withdraw-ask');
    await phone.getByTestId('withdraw-yes').click();
    await waitFor(fac.doc, () => readItems(fac.doc, { includeDeleted: true }).find((i) => i.id === mineId)?.deletedAt !== undefined, 10_000, 'withdrawn');
    expect(readItems(fac.doc).some((i) => i.id === mineId)).toBe(false);
    await expect.poll(() => posts.count()).toBe(0);
    await phone.getByTestId('withdrawn').waitFor();
    await screenshot(phone, 'hall2-phone-withdrawn');
    await phone.getByTestId('withdraw-undo').click();
    await waitFor(fac.doc, () => readItems(fac.doc).some((i) => i.id === mineId), 10_000, 'undone');
    await phone.getByTestId('post-withdraw').click();
    await phone.getByTestId('withdraw-yes').click();
    await waitFor(fac.doc, () => !readItems(fac.doc).some((i) => i.id === mineId), 10_000, 'withdrawn again');
    expect(errors).toEqual([]);
    await ctx.close();

    // crafted writes with her token on another's note: refused (4413), the note untouched
    const before = JSON.stringify(itemsMap(serverDoc()).get(othersId)!.toJSON());
    const edit = await connectWriter(srv.url, ws.id, token);
    setItemText(edit.doc, othersId, '書きかえた');
    expect(await edit.closed).toBe(CLOSE.REFUSED);
    edit.destroy();
    const del = await connectWriter(srv.url, ws.id, token);
    deleteItems(del.doc, [othersId]);
    expect(await del.closed).toBe(CLOSE.REFUSED);
    del.destroy();
    expect(JSON.stringify(itemsMap(serverDoc()).get(othersId)!.toJSON())).toBe(before);
    expect(readItems(fac.doc).find((i) => i.id === othersId)).toMatchObject({ text: 'たけしの付箋：坂がきつい' });
    other.destroy();
  });

  it('in English, the categories on the phone read in English', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'Mary', 'jumin');
    const ctx = await newContext(browser, 'phone', { lang: 'en' });
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('write-note').click();
    expect(await phone.getByTestId('cat-ido').innerText()).toContain('Transport / shopping');
    await screenshot(phone, 'hall2-phone-categories-en');
    await ctx.close();
  });
});
