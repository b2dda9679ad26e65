import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, readItems, slotPosition, syncRoomName, updateItem } from '@tsunagu/shared';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, ROOT, startServer, tmpDataDir, waitFor, type CreatedWorkshop } from '../helpers/server.js';
import { addPinOnPhone, locateReady, phoneContext, switchableSockets } from './phoneKit.js';

/**
 * A phone is offline with a pin it has not sent while the server rewrites the workshop's
 * history (the room emptied and unloaded). When the phone comes back, the server refuses its
 * old history (close 4410); the app reloads a fresh copy, brings the unsent pin over, tells the
 * resident in plain words, and starts its IndexedDB copy over with the new history.
 */
describe('phone across a history rewrite', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startServer({
      dataDir: tmpDataDir('tsunagu-rewrite-'),
      staticDir: path.join(ROOT, 'client', 'dist'),
      idleUnloadMs: 300,
      rewriteMinStructs: 100,
      rewriteRatio: 2,
    });
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('brings the unsent pin over after the reload and says so', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'はなこ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const sockets = await switchableSockets(ctx);
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('phone-home').waitFor();
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor();
    await locateReady(phone);

    // meanwhile a facilitator sorts a few notes many times over, then leaves; the phone has it all
    const fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await fac.synced;
    // in free slots of their lane, so the server's auto-placement leaves them where they are
    const ids = Array.from({ length: 6 }, (_, i) => addItem(fac.doc, { text: `課題 ${i}`, category: 'ido', ...slotPosition(0, i) }));
    for (let r = 1; r <= 30; r++) fac.doc.transact(() => ids.forEach((id) => updateItem(fac.doc, id, { x: r, y: r })));
    await eventually(() => srv.rooms.loadedRooms.some((r) => readItems(r.doc).filter((i) => i.x === 30).length === 6), 10_000, 'moves saved').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(srv.rooms.loadedRooms.map((r) => readItems(r.doc).map((i) => [i.x, i.y])))}`);
    });
    fac.destroy();

    // offline; the room empties, unloads, and its history is rewritten
    await sockets.cut();
    await ctx.setOffline(true);
    await eventually(async () => (await srv.store.loadDoc(syncRoomName(ws.id))).retiredClients.length > 0, 15_000, 'history rewritten');
    const text = '整理の間に書いたピン';
    const id = await addPinOnPhone(phone, 'ibasho', text);
    const post = phone.locator(`[data-testid=my-post][data-item-id="${id}"]`);
    await phone.getByTestId('again').click();
    expect(await post.getAttribute('data-sent')).toBe('no');

    // back online: told to reload, reloaded, the pin carried over and sent
    await ctx.setOffline(false);
    sockets.restore();
    const notice = phone.getByTestId('notice');
    await expect.poll(() => notice.getAttribute('data-notice'), { timeout: 20_000 }).toBe('history-rewritten');
    expect(await notice.innerText()).toContain('最新の内容を読み込み直しました');
    const obs = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await waitFor(obs.doc, () => readItems(obs.doc).some((i) => i.id === id && i.text === text), 20_000, 'carried-over pin');
    const item = readItems(obs.doc).find((i) => i.id === id)!;
    expect(item).toMatchObject({ category: 'ibasho', authorName: 'はなこ' });
    expect(readItems(obs.doc).filter((i) => i.text.startsWith('課題')).length).toBe(6);
    await expect.poll(() => phone.locator(`[data-testid=my-post][data-item-id="${id}"]`).getAttribute('data-sent'), { timeout: 20_000 }).toBe('yes');
    await screenshot(phone, 'phone-9-after-history-rewrite');

    // the stored copy now holds the new history: a reload is quiet and the pin is still there
    await phone.reload();
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor();
    await phone.locator(`[data-testid=my-post][data-item-id="${id}"]`).waitFor();
    await phone.waitForTimeout(500);
    expect(await phone.getByTestId('notice').count()).toBe(0);
    expect(readItems(obs.doc).filter((i) => i.id === id).length).toBe(1);
    obs.destroy();
    await ctx.close();
  });
});
