import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { readItems, setPhase } from '@tsunagu/shared';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, ROOT, startServer, tmpDataDir, type CreatedWorkshop } from '../helpers/server.js';
import { addPinOnPhone, locateReady, phoneContext, switchableSockets } from './phoneKit.js';

/**
 * A refused write on a phone that keeps its document in IndexedDB: a resident adds a pin while
 * offline, and before the phone is back the facilitator has moved on to 分ける, where residents
 * add nothing. The server refuses the pin (notice + 4413); the app shows the notice, reloads a
 * fresh copy and drops the stored one, so the refused pin is not sent again — not on the next
 * connection, not after a reload (no reconnect loop).
 */
describe('phone: a refused write is not resent', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-refused-'), staticDir: path.join(ROOT, 'client', 'dist') });
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows the notice once, keeps the server copy, and never sends the pin again', async () => {
    const token = await joinWorkshop(srv.url, ws.joinCode, 'はなこ', 'jumin');
    const ctx = await phoneContext(browser, true);
    const sockets = await switchableSockets(ctx);
    const phone = await ctx.newPage();
    await phone.goto(`${srv.url}/w/${ws.id}#token=${token}`);
    await phone.getByTestId('phone-home').waitFor();
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor();
    await locateReady(phone);

    await sockets.cut();
    await ctx.setOffline(true);
    const text = 'オフラインで書いたピン';
    const id = await addPinOnPhone(phone, 'ibasho', text);

    const fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await fac.synced;
    setPhase(fac.doc, 'sort');
    await eventually(() => srv.rooms.loadedRooms.some((r) => !r.restricted && r.doc.getMap('meta').get('phase') === 'sort'), 5000, 'phase sort');

    await ctx.setOffline(false);
    sockets.restore();
    const notice = phone.getByTestId('notice');
    await expect.poll(() => notice.getAttribute('data-notice'), { timeout: 20_000 }).toBe('not-allowed');
    await screenshot(phone, 'phone-refused-notice');
    const refused = () => srv.reliability.metrics.refusedWritesTotal;
    expect(refused()).toBe(1);
    // the fresh copy connects and stays connected: nothing refused is sent again
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 3000));
    expect(refused()).toBe(1);
    // the stored copy was dropped too: a reload sends nothing refused either
    await phone.reload();
    await phone.getByTestId('connection').and(phone.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 3000));
    expect(refused()).toBe(1);
    expect(readItems(fac.doc).some((i) => i.id === id || i.text === text)).toBe(false);
    fac.destroy();
    await ctx.close();
  });
});
