import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, readGroups, readItems, LANE_WIDTH } from '@tsunagu/shared';
import { imeEnterWhileComposing, imeType, launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { dragMouse, notePoint, noteRow, openBoard, screenOf, waitForPresence } from './boardSetup.js';

/**
 * The board in two browser contexts (facilitator + resident) against a real server, with a
 * Node y-websocket client as a third observer of the document.
 */
describe('board: notes, IME, concurrent typing, lanes, undo, trash', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let resToken: string;
  let resUserId: string;
  let observer: TestClient;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url);
    resToken = await joinWorkshop(srv.url, w.joinCode, 'さくら', 'jumin');
    const info = (await (await fetch(`${srv.url}/api/workshops/${w.id}`, { headers: { authorization: `Bearer ${resToken}` } })).json()) as { userId: string };
    resUserId = info.userId;
    observer = connectClient(srv.url, w.id, w.facilitatorToken);
    await observer.synced;
  });
  afterAll(async () => {
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });
  const seed = (text: string, x = 40, y = 120) => addItem(observer.doc, { text, category: 'ido', x, y, authorName: '観察', authorRole: 'csw' });
  /** A note of the resident's own (the server lets a participant change its own notes only). */
  const seedOwn = (text: string, x = 40, y = 120) => addItem(observer.doc, { text, category: 'ido', x, y, authorName: 'さくら', authorRole: 'jumin', authorId: resUserId });
  const item = (id: string) => readItems(observer.doc, { includeDeleted: true }).find((i) => i.id === id);

  it('creates a note with N and types Japanese through a simulated IME composition', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    const p = await screenOf(res.page, 150, 700);
    await res.page.mouse.move(p.x, p.y);
    await res.page.keyboard.press('n');
    const editor = res.page.getByTestId('note-editor');
    await editor.waitFor();
    await imeEnterWhileComposing(res.page, 'かいもの');
    expect(await editor.isVisible()).toBe(true); // Enter during composition did not close the editor
    await imeType(res.page, ['かいもの'], '買い物');
    await res.page.keyboard.type('が不便');
    await res.page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    const row = fac.page.locator('[data-testid="note-row"]', { hasText: '買い物が不便' });
    await row.waitFor({ state: 'attached' });
    expect(await fac.page.locator('[data-testid="note-row"]', { hasText: 'かいもの' }).count()).toBe(0);
    const id = (await row.getAttribute('data-id'))!;
    await waitFor(observer.doc, () => item(id)?.text === '買い物が不便', 5000, 'note text on the server');
    expect(item(id)).toMatchObject({ authorName: 'さくら', authorRole: 'jumin', column: 'pool' });
    await screenshot(fac.page, 'board-laptop-facilitator');
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('two users typing in the same note at once both keep their edits', async () => {
    const id = seedOwn('見守り', 40, 300);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    for (const b of [fac, res]) {
      await waitForPresence(b.page, 2);
      const pt = await notePoint(b.page, id);
      await b.page.mouse.dblclick(pt.x, pt.y);
      await b.page.getByTestId('note-editor').waitFor();
    }
    await res.page.keyboard.press('Control+Home');
    await Promise.all([fac.page.keyboard.type('が必要です', { delay: 30 }), res.page.keyboard.type('地域の', { delay: 30 })]);
    await waitFor(observer.doc, () => item(id)?.text === '地域の見守りが必要です', 8000, 'merged text').catch(async (e: Error) => {
      const dbg = await Promise.all([fac, res].map((b) => b.page.evaluate(() => ({ ed: document.querySelector('[data-testid=note-editor]')?.getAttribute('data-item-id'), val: (document.querySelector('[data-testid=note-editor]') as HTMLTextAreaElement | null)?.value, active: document.activeElement?.tagName }))));
      throw new Error(`${e.message}: got ${JSON.stringify(item(id)?.text)} ${JSON.stringify(dbg)} ${id} ${JSON.stringify(readItems(observer.doc, { includeDeleted: true }).map((i) => [i.id, i.text, i.x, i.y]))}`);
    });
    for (const b of [fac, res]) {
      await expect.poll(() => b.page.getByTestId('note-editor').inputValue()).toBe('地域の見守りが必要です');
      await b.page.keyboard.press('Escape');
    }
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('dragging a note into 行政がやるべきこと changes its column on the other page', async () => {
    const id = seed('ゴミ出しが難しい', 40, 500);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    expect(await noteRow(fac.page, id).getAttribute('data-column')).toBe('pool');
    const from = await notePoint(res.page, id);
    const to = await screenOf(res.page, LANE_WIDTH + 200, 560);
    // mid-drag the other page already sees the note moving (awareness), the doc is untouched
    await res.page.mouse.move(from.x, from.y);
    await res.page.mouse.down();
    await res.page.mouse.move(from.x + 40, from.y + 10, { steps: 5 });
    await fac.page.locator(`[data-testid="board-canvas"][data-remote-dragging~="${id}"]`).waitFor({ state: 'attached' });
    expect(item(id)!.x).toBe(40);
    await res.page.mouse.move(to.x, to.y, { steps: 10 });
    await res.page.mouse.up();
    await expect.poll(() => noteRow(fac.page, id).getAttribute('data-column'), { timeout: 5000 }).toBe('gyosei');
    expect(item(id)!.column).toBe('gyosei');
    expect(item(id)!.x).toBeGreaterThan(LANE_WIDTH);
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('undo reverts only the local user’s change', async () => {
    const id = seed('バス停が遠い', 40, 700);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    // the resident moves a note to 住民がやるべきこと
    await dragMouse(res.page, await notePoint(res.page, id), await screenOf(res.page, LANE_WIDTH * 2 + 200, 760));
    await expect.poll(() => noteRow(fac.page, id).getAttribute('data-column')).toBe('jumin');
    // meanwhile the facilitator writes a note
    const p = await screenOf(fac.page, LANE_WIDTH * 3 + 200, 900);
    await fac.page.mouse.move(p.x, p.y);
    await fac.page.keyboard.press('n');
    await fac.page.getByTestId('note-editor').waitFor();
    await fac.page.keyboard.type('ファシリのメモ');
    await fac.page.keyboard.press('Enter');
    await res.page.locator('[data-testid="note-row"]', { hasText: 'ファシリのメモ' }).waitFor({ state: 'attached' });
    // the resident undoes: only the move is reverted
    await res.page.getByTestId('undo').click();
    await expect.poll(() => noteRow(fac.page, id).getAttribute('data-column')).toBe('pool');
    expect(await fac.page.locator('[data-testid="note-row"]', { hasText: 'ファシリのメモ' }).count()).toBe(1);
    expect(readItems(observer.doc).some((i) => i.text === 'ファシリのメモ')).toBe(true);
    // redo brings the move back
    await res.page.getByTestId('redo').click();
    await expect.poll(() => noteRow(fac.page, id).getAttribute('data-column')).toBe('jumin');
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('delete is soft: the facilitator restores the note from the trash', async () => {
    const id = seedOwn('空き家が増えた', 40, 900);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    const pt = await notePoint(res.page, id);
    await res.page.mouse.click(pt.x, pt.y);
    await res.page.getByTestId('selection-count').waitFor();
    await res.page.keyboard.press('Delete');
    await noteRow(fac.page, id).waitFor({ state: 'detached' });
    expect(item(id)!.deletedAt).toBeGreaterThan(0);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('trash-open').click();
    await fac.page.locator(`[data-testid="trash-row"][data-id="${id}"]`).waitFor();
    await fac.page.getByTestId(`restore-${id}`).click();
    await noteRow(res.page, id).waitFor({ state: 'attached' });
    expect(item(id)!.deletedAt).toBeUndefined();
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('the category of the selected notes is changed from the toolbar, on both documents’ terms', async () => {
    const a = seedOwn('ゴミ出しが大変', LANE_WIDTH + 20, 700);
    const b = seedOwn('ゴミ置き場が遠い', LANE_WIDTH + 215, 700);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    await res.page.getByTestId('zoom-fit').click();
    const pa = await notePoint(res.page, a);
    const pb = await notePoint(res.page, b);
    await res.page.mouse.click(pa.x, pa.y);
    const select = res.page.getByTestId('note-category');
    expect(await select.inputValue()).toBe('ido');
    await res.page.keyboard.down('Shift');
    await res.page.mouse.click(pb.x, pb.y);
    await res.page.keyboard.up('Shift');
    // the restricted category is never offered for public notes
    expect(await select.locator('option[value="shinpai"]').count()).toBe(0);
    await select.selectOption('sumai');
    await waitFor(observer.doc, () => item(a)?.category === 'sumai' && item(b)?.category === 'sumai', 5000, 'both notes re-categorised');
    // one undo step takes both back
    await res.page.getByTestId('undo').click();
    await waitFor(observer.doc, () => item(a)?.category === 'ido' && item(b)?.category === 'ido', 5000, 'category change undone');
    // a wish come true: made a resource (居場所・サロン) …
    expect(await res.page.getByTestId('resource-created').count()).toBe(0);
    await select.selectOption('ibasho');
    await waitFor(observer.doc, () => item(a)?.category === 'ibasho' && item(b)?.category === 'ibasho', 5000, 'both made resources');
    // … which only staff mark as newly created (創出): a resident is not offered it
    expect(await res.page.getByTestId('resource-created').count()).toBe(0);
    await res.ctx.close();
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    // the first-visit name strip takes board height; later (the selection bar would cover note b)
    await fac.page.getByTestId('staff-name-later').click();
    await fac.page.getByTestId('zoom-fit').click();
    await fac.page.mouse.click((await notePoint(fac.page, a)).x, (await notePoint(fac.page, a)).y);
    await fac.page.keyboard.down('Shift');
    await fac.page.mouse.click((await notePoint(fac.page, b)).x, (await notePoint(fac.page, b)).y);
    await fac.page.keyboard.up('Shift');
    await fac.page.getByTestId('resource-created').check();
    await waitFor(observer.doc, () => item(a)?.stage === 'created' && item(b)?.stage === 'created', 5000, 'both marked as created');
    await screenshot(fac.page, 'board-category');
    const summary = (await (await fetch(`${srv.url}/api/workshops/${w.id}/summary.json`, { headers: { authorization: `Bearer ${w.facilitatorToken}` } })).json()) as { totals: { created: number } };
    expect(summary.totals.created).toBe(2);
    await fac.ctx.close();
  });

  it('groups two duplicates under a name typed with the IME; the group moves together', async () => {
    const a = seed('買い物が大変', LANE_WIDTH * 3 + 20, 300);
    const b = seed('スーパーが遠い', LANE_WIDTH * 3 + 215, 300);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    for (const id of [a, b]) await noteRow(fac.page, id).waitFor({ state: 'attached' });
    const pa = await notePoint(fac.page, a);
    const pb = await notePoint(fac.page, b);
    await fac.page.mouse.click(pa.x, pa.y);
    await fac.page.keyboard.down('Shift');
    await fac.page.mouse.click(pb.x, pb.y);
    await fac.page.keyboard.up('Shift');
    await expect.poll(() => fac.page.getByTestId('selection-count').textContent()).toContain('2');
    await fac.page.getByTestId('group').click();
    const input = fac.page.getByTestId('group-name');
    await input.waitFor();
    await imeEnterWhileComposing(fac.page, 'かいもの');
    expect(await input.isVisible()).toBe(true); // Enter while composing did not commit
    await imeType(fac.page, ['かいもの'], '買い物');
    await fac.page.keyboard.type('の困りごと');
    await screenshot(fac.page, 'board-group-naming');
    await fac.page.keyboard.press('Enter');
    await input.waitFor({ state: 'detached' });
    await waitFor(observer.doc, () => !!item(a)?.groupId && item(a)?.groupId === item(b)?.groupId, 5000, 'both notes in one group');
    const group = readGroups(observer.doc).find((g) => g.id === item(a)!.groupId)!;
    expect(group.name).toBe('買い物の困りごと');
    await expect.poll(() => noteRow(res.page, b).getAttribute('data-group')).toBe(group.id);
    // dragging one member moves both by the same offset, written on drop
    const before = { a: item(a)!, b: item(b)! };
    await fac.page.mouse.click(pa.x, pa.y);
    await dragMouse(fac.page, pa, { x: pa.x + 60, y: pa.y - 80 });
    await waitFor(observer.doc, () => item(a)!.y !== before.a.y && item(b)!.y !== before.b.y, 5000, 'both members moved');
    expect(item(a)!.x - before.a.x).toBeCloseTo(item(b)!.x - before.b.x, 5);
    expect(item(a)!.y - before.a.y).toBeCloseTo(item(b)!.y - before.b.y, 5);
    await screenshot(fac.page, 'board-group');
    await fac.ctx.close();
    await res.ctx.close();
  });
});
