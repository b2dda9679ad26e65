import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, readActions, readItems, readOffers } from '@tsunagu/shared';
import { imeType, launchBrowser, newContext, screenshot, SCREENSHOT_DIR } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, type CreatedWorkshop } from '../helpers/server.js';
import { notePoint, openBoard } from './boardSetup.js';

/**
 * Follow-through (issue 15), end to end: a card becomes an action (owner typed through the
 * IME) → 「前回の続きでつくる」 carries it → in 振り返り the facilitator sets 実施中 with its
 * 「どう変わったか」 → the 成果把握 report shows the change as a page, a PDF (its text read back)
 * and CSV; a resident's offer of help from a phone appears beside the matching need on the
 * board and on the map.
 */
describe('follow-through: action → next meeting → 振り返り → report; offers beside needs', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '中央地区 第1回', '中央小学校区');
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    await fac.synced;
    addItem(fac.doc, { text: '坂道がきつい', category: 'ido', column: 'gyosei', x: 436, y: 84 });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && readItems(r.doc).length === 1), 5000, 'note saved');
    fac.destroy();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('carries an action made from a card into the next meeting, records a change, and reports it', { timeout: 180_000 }, async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const needId = readItems(srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc)[0]!.id;
    // the card → an action, its owner typed through the IME
    const at = await notePoint(fac.page, needId);
    await fac.page.mouse.click(at.x, at.y);
    await fac.page.getByTestId('actions-toggle').click();
    await fac.page.getByTestId('action-new').click();
    await fac.page.getByTestId('action-title').fill('坂にベンチを置く');
    await fac.page.getByTestId('action-side').selectOption('gyosei');
    await fac.page.getByTestId('action-owner').click();
    await imeType(fac.page, ['どうろ', 'どうろか'], '道路課');
    await fac.page.getByTestId('action-save').click();
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && readActions(r.doc).some((a) => a.owner === '道路課' && a.sources.includes(needId))), 5000, 'action saved');
    // the card shows its action (a badge with the status)
    const badgeOf = () =>
      fac.page.evaluate(() => {
        const K = (window as unknown as { Konva: { stages: { find(s: string): { getAttr(k: string): unknown }[] }[] } }).Konva;
        return K.stages[0]!.find('.action-badge').map((b) => [b.getAttr('noteId'), b.getAttr('status')]);
      });
    await expect.poll(badgeOf).toEqual([[needId, 'kento']]);
    await screenshot(fac.page, 'actions-list-laptop');

    // 前回の続きでつくる
    await fac.page.keyboard.press('Escape');
    await fac.page.getByTestId('tools-toggle').click();
    fac.page.once('dialog', (d) => void d.accept());
    await fac.page.getByTestId('continue-meeting').click();
    await fac.page.waitForURL(/\/w\/[A-Za-z0-9_-]+\/host/);
    const nextId = /\/w\/([A-Za-z0-9_-]+)\/host/.exec(fac.page.url())![1]!;
    const token = (await fac.page.evaluate((id) => localStorage.getItem(`tsunagu.token.${id}`), nextId))!;
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === nextId && readActions(r.doc).length === 1), 5000, 'action carried over');

    // 振り返り: 実施中, with what changed (required)
    const proj = await openBoard(browser, srv.url, nextId, token, 'projector', '?mode=projector');
    const board = await openBoard(browser, srv.url, nextId, token);
    await board.page.getByTestId('actions-toggle').click();
    const row = board.page.locator('[data-testid="action-row"]').first();
    const actionId = (await row.getAttribute('data-id'))!;
    await board.page.getByTestId(`action-change-${actionId}`).click();
    await board.page.getByTestId('action-status').selectOption('jisshi');
    await board.page.getByTestId('action-how').click();
    await imeType(board.page, ['べんち'], 'ベンチ');
    await board.page.keyboard.type('を2基置いた');
    await board.page.getByTestId('action-record').click();
    await expect.poll(() => proj.page.locator('[data-testid="actions-panel"] [data-testid="action-row"]').first().getAttribute('data-status')).toBe('jisshi');
    await screenshot(proj.page, 'review-projector');

    // the report: page, PDF and CSV
    const page = await board.ctx.newPage();
    await page.goto(`${srv.url}/w/${nextId}/report#token=${encodeURIComponent(token)}`);
    await page.getByTestId('report-page').waitFor();
    await expect.poll(() => page.getByTestId('report-changes').innerText()).toContain('ベンチを2基置いた');
    expect(await page.getByTestId('report-sessions').locator('tbody tr').count()).toBe(2);
    await page.setViewportSize({ width: 900, height: 1270 });
    await screenshot(page, 'report-a4');
    const pdf = await fetch(`${srv.url}/api/workshops/${nextId}/report.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOT_DIR, 'report.pdf'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('成果把握レポート');
    expect(text).toContain('ベンチを2基置いた');
    expect(text).toContain('実施中');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(SCREENSHOT_DIR, 'report-pdf')]);
    const csv = await fetch(`${srv.url}/api/workshops/${nextId}/report.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('ベンチを2基置いた');
    await page.close();

    // 私にできること: a resident's offer on her phone, beside the matching need
    const info = await api<{ joinCode: string }>(srv.url, 'GET', `/api/workshops/${nextId}`, undefined, token);
    const resident = await joinWorkshop(srv.url, info.body.joinCode, 'はなこ', 'jumin');
    const phoneCtx = await newContext(browser, 'phone');
    const phone = await phoneCtx.newPage();
    await phone.goto(`${srv.url}/w/${nextId}#token=${encodeURIComponent(resident)}`);
    await phone.getByTestId('phone-home').waitFor();
    await phone.getByTestId('offer-help').click();
    await screenshot(phone, 'offer-phone-kind');
    await phone.getByTestId('offer-cat-ido').click();
    await phone.getByTestId('offer-text').click();
    await imeType(phone, ['おくりむかえ'], '送り迎え');
    await phone.keyboard.type('できます');
    await screenshot(phone, 'offer-phone-text');
    await phone.getByTestId('offer-send').click();
    await phone.getByTestId('offer-sent').waitFor();
    await screenshot(phone, 'offer-phone-sent');
    const room = () => srv.rooms.loadedRooms.find((r) => r.workshopId === nextId && !r.restricted)!.doc;
    await eventually(() => readOffers(room()).some((o) => o.text === '送り迎えできます'), 5000, 'offer saved');
    // the carried need shows it, on the laptop's board (badge and its accessible row)
    const carried = readItems(room()).find((i) => i.text === '坂道がきつい')!;
    const rowOf = board.page.locator(`[data-testid="note-row"][data-id="${carried.id}"] [data-testid="note-offers"]`);
    await expect.poll(() => rowOf.textContent()).toContain('送り迎えできます');
    const badge = await board.page.evaluate((id) => {
      const K = (window as unknown as { Konva: { stages: { find(s: string): { getAttr(k: string): unknown }[] }[] } }).Konva;
      return K.stages[0]!.find('.offer-badge').map((b) => [b.getAttr('noteId'), b.getAttr('offerCount')]);
    }, carried.id);
    expect(badge).toEqual([[carried.id, 1]]);
    await board.page.keyboard.press('Escape');
    await screenshot(board.page, 'offer-board-badge');
    await phoneCtx.close();
    await proj.ctx.close();
    await board.ctx.close();
    await fac.ctx.close();
  });
});
