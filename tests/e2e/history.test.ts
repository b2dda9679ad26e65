import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, readItems } from '@tsunagu/shared';
import { imeType, launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { openBoard } from './boardSetup.js';

/** The facilitator's history panel in Chromium: save 「休憩前」 by IME, preview, restore. */
describe('history panel', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let observer: TestClient;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url);
    observer = connectClient(srv.url, w.id, w.staffToken);
    await observer.synced;
  });
  afterAll(async () => {
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('saves a named version typed with the IME, previews it read-only and restores it', async () => {
    for (const text of ['バス停が遠い', '見守りの担い手が足りない', '子どもの居場所がない']) addItem(observer.doc, { text, category: 'sonota' });
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    await fac.page.getByTestId('history-open').click();
    const name = fac.page.getByTestId('history-name');
    await name.click();
    await imeType(fac.page, ['きゅうけい', 'きゅうけいまえ'], '休憩前');
    await fac.page.keyboard.press('Enter');
    const list = fac.page.getByTestId('history-list');
    await list.getByText('休憩前').waitFor();
    expect(await list.textContent()).toContain('3件');

    addItem(observer.doc, { text: '休憩後に出た意見', category: 'sonota' });
    await fac.page.getByRole('button', { name: '中身を見る' }).first().click();
    const preview = fac.page.getByTestId('history-preview');
    await preview.getByText('子どもの居場所がない').waitFor();
    expect(await preview.textContent()).not.toContain('休憩後に出た意見');
    await screenshot(fac.page, 'history-laptop-preview');

    await fac.page.getByRole('button', { name: 'この版に戻す' }).first().click();
    await fac.page.getByTestId('history-confirm').waitFor();
    await screenshot(fac.page, 'history-laptop-confirm');
    await fac.page.getByTestId('history-confirm').click();
    await waitFor(observer.doc, () => readItems(observer.doc).length === 3, 5000, 'restored on the observer');
    await list.getByText('復元前').waitFor();
    await fac.ctx.close();
  });

  it('is not offered on the projector or to staff', async () => {
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector');
    expect(await proj.page.getByTestId('history-open').count()).toBe(0);
    await proj.ctx.close();
    const staff = await openBoard(browser, srv.url, w.id, w.staffToken);
    expect(await staff.page.getByTestId('history-open').count()).toBe(0);
    await staff.ctx.close();
  });
});
