import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, createAction, readActions, readMeta, setActionStatus } from '@tsunagu/shared';
import { imeType, launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, eventually, type CreatedWorkshop } from '../helpers/server.js';
import { openBoard } from './boardSetup.js';

/**
 * 「前回の続きでつくる」 from the facilitator's tools: the next meeting opens on its host page with
 * its own links; its board starts at 振り返り with last meeting's action, and the projector shows
 * the agenda with 振り返り first.
 */
describe('continue a workshop from the facilitator panel', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '中央地区 第1回', '中央小学校区');
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    await fac.synced;
    const need = addItem(fac.doc, { text: '坂道がきつい', category: 'ido', column: 'gyosei' });
    const a = createAction(fac.doc, { title: 'ベンチを置く', side: 'gyosei', owner: '道路課', sources: [need] });
    setActionStatus(fac.doc, a, 'junbi', '予算要求に入れた', '司会');
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && readActions(r.doc).length === 1), 5000, 'action saved');
    fac.destroy();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('creates the next meeting, which opens at 振り返り with the action carried over', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    await fac.page.getByTestId('tools-toggle').click();
    fac.page.once('dialog', (d) => void d.accept());
    await fac.page.getByTestId('continue-meeting').click();
    await fac.page.waitForURL(/\/w\/[A-Za-z0-9_-]+\/host/);
    const nextId = /\/w\/([A-Za-z0-9_-]+)\/host/.exec(fac.page.url())![1]!;
    expect(nextId).not.toBe(w.id);
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === nextId), 5000, 'next meeting loaded');
    const room = srv.rooms.loadedRooms.find((r) => r.workshopId === nextId && !r.restricted)!;
    expect(readMeta(room.doc)).toMatchObject({ title: '中央地区 第1回（第2回）', continuesFrom: w.id, session: 2, phase: 'review' });
    expect(readActions(room.doc).map((a) => [a.title, a.status])).toEqual([['ベンチを置く', 'junbi']]);
    await screenshot(fac.page, 'continue-host-laptop');
    // the new meeting's board, on the projector: 振り返り leads the agenda
    const token = await fac.page.evaluate((id) => localStorage.getItem(`tsunagu.token.${id}`), nextId);
    expect(token).toBeTruthy();
    const proj = await openBoard(browser, srv.url, nextId, token!, 'projector', '?mode=projector');
    const steps = proj.page.getByTestId('phase-steps');
    await expect.poll(() => steps.innerText()).toContain('振り返り');
    // 振り返り: the projector shows the actions; the facilitator records a change with its story
    const onProjector = proj.page.locator('[data-testid="actions-panel"] [data-testid="action-row"]');
    await expect.poll(() => onProjector.first().getAttribute('data-status')).toBe('junbi');
    const board = await openBoard(browser, srv.url, nextId, token!);
    await board.page.getByTestId('actions-toggle').click();
    const row = board.page.locator('[data-testid="action-row"]').first();
    const actionId = (await row.getAttribute('data-id'))!;
    await board.page.getByTestId(`action-change-${actionId}`).click();
    await board.page.getByTestId('action-status').selectOption('jisshi');
    await board.page.getByTestId('action-record').click();
    await board.page.getByRole('alert').filter({ hasText: 'どう変わったか' }).waitFor(); // the text is required
    await board.page.getByTestId('action-how').click();
    await imeType(board.page, ['べんち'], 'ベンチ');
    await board.page.keyboard.type('を2基置いた');
    await board.page.getByTestId('action-record').click();
    await expect.poll(() => onProjector.first().getAttribute('data-status')).toBe('jisshi');
    expect(await onProjector.first().innerText()).toContain('ベンチを2基置いた');
    expect(readActions(room.doc)[0]!.history.map((h) => h.text)).toEqual(['予算要求に入れた', 'ベンチを2基置いた']);
    await screenshot(proj.page, 'continue-review-projector');
    await screenshot(board.page, 'actions-panel-laptop');
    await board.ctx.close();
    await proj.ctx.close();
    await fac.ctx.close();
  });
});
