import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, LANE_WIDTH, readItems } from '@tsunagu/shared';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { dragMouse, notePoint, noteRow, openBoard, screenOf } from './boardSetup.js';

/** A viewer (read-only link) can look, but cannot create, move, edit or delete anything. */
describe('board: viewer is read-only; screenshots of normal and projector mode', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let observer: TestClient;
  let id: string;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '本町自治会 マップづくり', '中央小学校区');
    observer = connectClient(srv.url, w.id, w.facilitatorToken);
    await observer.synced;
    id = addItem(observer.doc, { text: '見守りが必要', category: 'mimamori', x: 40, y: 100, authorName: 'はな', authorRole: 'minsei' });
    const more: [string, string, string, number, number][] = [
      ['買い物に行けない高齢者が多い', 'ido', 'pool', 230, 100],
      ['子ども食堂がほしい', 'attara', 'jumin', 880, 100],
      ['ゴミ出しルールを守れない世帯', 'sumai', 'gyosei', 460, 100],
      ['坂道が多くバス停が遠い', 'ido', 'gyosei', 460, 240],
      ['災害時の避難が心配', 'bosai', 'kyodo', 1300, 100],
      ['サロンの担い手が足りない、若い人にも来てほしい', 'ibasho', 'kyodo', 1300, 240],
      ['移動販売車が週1回来る', 'idohanbai', 'jumin', 880, 240],
    ];
    for (const [text, category, column, x, y] of more) addItem(observer.doc, { text, category, column, x, y, authorName: 'さくら', authorRole: 'jumin' });
  });
  afterAll(async () => {
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('a viewer cannot move or edit anything', async () => {
    const viewer = await openBoard(browser, srv.url, w.id, w.viewerToken);
    await viewer.page.getByTestId('read-only').waitFor();
    expect(await viewer.page.getByTestId('new-note').count()).toBe(0);
    expect(await viewer.page.getByTestId('undo').count()).toBe(0);
    const before = readItems(observer.doc);
    // N does not create a note
    const p = await screenOf(viewer.page, 200, 600);
    await viewer.page.mouse.move(p.x, p.y);
    await viewer.page.keyboard.press('n');
    // double-clicking the empty board or a note opens no editor
    await viewer.page.mouse.dblclick(p.x, p.y);
    const pt = await notePoint(viewer.page, id);
    await viewer.page.mouse.dblclick(pt.x, pt.y);
    expect(await viewer.page.getByTestId('note-editor').count()).toBe(0);
    // dragging a note does not move it
    await dragMouse(viewer.page, pt, await screenOf(viewer.page, LANE_WIDTH + 200, 160));
    // selecting and Delete does nothing
    await viewer.page.mouse.click(pt.x, pt.y);
    await viewer.page.keyboard.press('Delete');
    // a round trip through the server: a facilitator change arrives, the viewer's did not
    addItem(observer.doc, { text: 'マーカー', category: 'ido', x: 40, y: 1200 });
    await viewer.page.locator('[data-testid="note-row"]', { hasText: 'マーカー' }).waitFor({ state: 'attached' });
    expect(await noteRow(viewer.page, id).getAttribute('data-column')).toBe('pool');
    expect(await noteRow(viewer.page, id).getAttribute('data-x')).toBe('40');
    const after = readItems(observer.doc).filter((i) => i.text !== 'マーカー');
    expect(after).toEqual(before);
    await viewer.ctx.close();
  });

  it('saves screenshots of the board in normal and projector mode', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'laptop');
    await screenshot(fac.page, 'board-laptop');
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
    await proj.page.getByTestId('projector-code').waitFor();
    await screenshot(proj.page, 'board-projector-board-only');
    const both = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector');
    await screenshot(both.page, 'board-projector-with-map');
    expect(await proj.page.getByTestId('toolbar').count()).toBe(0);
    for (const b of [fac, proj, both]) await b.ctx.close();
  });
});
