import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, LANE_WIDTH, readItems, totalVotes } from '@tsunagu/shared';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { openBoard, screenOf, viewOf, waitForPresence } from './boardSetup.js';

/** The facilitator's tools seen from a resident's page: dot voting, timer, follow me, agenda. */
describe('board: facilitation', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let resToken: string;
  let observer: TestClient;
  const ids: string[] = [];
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '中央地区 地域福祉座談会', '中央小学校区');
    resToken = await joinWorkshop(srv.url, w.joinCode, 'たろう', 'minsei');
    observer = connectClient(srv.url, w.id, w.facilitatorToken);
    await observer.synced;
    const notes: [string, string, string, number, number][] = [
      ['買い物に行けない高齢者が多い', 'ido', 'pool', 30, 90],
      ['見守りが必要な一人暮らし', 'mimamori', 'pool', 220, 90],
      ['子ども食堂がほしい', 'attara', 'jumin', 870, 90],
      ['坂道が多くバス停が遠い', 'ido', 'gyosei', 450, 90],
      ['災害時の避難が心配', 'bosai', 'kyodo', 1290, 90],
      ['サロンの担い手不足', 'ibasho', 'kyodo', 1290, 230],
    ];
    for (const [text, category, column, x, y] of notes)
      ids.push(addItem(observer.doc, { text, category, column, x, y, authorName: 'みどり', authorRole: 'jumin' }));
  });
  afterAll(async () => {
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('dot voting: budget of 3, a fourth dot refused, tallies hidden until revealed, results sorted', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('vote-budget').fill('3');
    await fac.page.getByTestId('vote-start').click();
    await res.page.locator('[data-testid="phase-banner"][data-phase="vote"]').waitFor();
    await res.page.getByTestId('vote-open').click();
    const panel = res.page.getByTestId('vote-panel');
    await panel.waitFor();
    await res.page.getByTestId(`dot-add-${ids[1]}`).click();
    await res.page.getByTestId(`dot-add-${ids[1]}`).click();
    await res.page.getByTestId(`dot-add-${ids[3]}`).click();
    await expect.poll(() => panel.getAttribute('data-left')).toBe('0');
    await res.page.getByTestId(`dot-add-${ids[0]}`).click();
    await res.page.getByTestId('vote-refused').waitFor();
    // the dots are ballots on the server (restricted document); no device holds them before the reveal
    const ballots = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && r.restricted)?.doc.getMap('ballots');
    const ballotOf = (id: string) => Object.values((ballots()?.get(id) as { toJSON(): Record<string, number> } | undefined)?.toJSON() ?? {}).reduce((s, n) => s + n, 0);
    await eventually(() => ids.reduce((s, id) => s + ballotOf(id), 0) === 3, 5000, 'three dots on the server');
    expect(ballotOf(ids[0]!)).toBe(0);
    expect(readItems(observer.doc).reduce((s, i) => s + totalVotes(i), 0)).toBe(0);
    // take one back and place it elsewhere
    await res.page.getByTestId(`dot-remove-${ids[3]}`).click();
    await res.page.getByTestId(`dot-add-${ids[0]}`).click();
    await eventually(() => ballotOf(ids[0]!) === 1 && ballotOf(ids[3]!) === 0, 5000, 'moved dot');
    // hidden: nobody sees totals yet
    const row = (page: typeof res.page, id: string) => page.locator(`[data-testid="vote-row"][data-id="${id}"]`);
    expect(await row(res.page, ids[1]!).getAttribute('data-total')).toBe('');
    expect(await row(res.page, ids[1]!).getAttribute('data-mine')).toBe('2');
    expect(await panel.getAttribute('data-revealed')).toBe('false');
    // the facilitator votes too, then reveals
    await fac.page.getByTestId('vote-open').click();
    await fac.page.getByTestId(`dot-add-${ids[4]}`).click();
    await fac.page.getByTestId('vote-reveal').click();
    await expect.poll(() => row(res.page, ids[1]!).getAttribute('data-total')).toBe('2');
    await waitFor(observer.doc, () => readItems(observer.doc).reduce((s, i) => s + totalVotes(i), 0) === 4, 5000, 'tallies in the public document after the reveal');
    expect(await row(res.page, ids[4]!).getAttribute('data-total')).toBe('1');
    const order = await res.page.locator('[data-testid="vote-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(order[0]).toBe(ids[1]);
    await res.page.getByTestId('vote-sort').click();
    const boardOrder = await res.page.locator('[data-testid="vote-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(boardOrder[0]).toBe(ids[0]);
    await screenshot(res.page, 'board-laptop-vote-revealed');
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('the timer started by the facilitator counts down on another page', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const res = await openBoard(browser, srv.url, w.id, resToken);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('timer-minutes').fill('2');
    await fac.page.getByTestId('timer-set').click();
    await fac.page.getByTestId('timer-start').click();
    const timer = res.page.getByTestId('timer');
    await res.page.locator('[data-testid="timer"][data-running="true"]').waitFor();
    const first = Number(await timer.getAttribute('data-remaining'));
    expect(first).toBeGreaterThan(100_000);
    expect(first).toBeLessThanOrEqual(120_000);
    await expect.poll(async () => Number(await timer.getAttribute('data-remaining')), { timeout: 5000 }).toBeLessThan(first - 1000);
    expect(await timer.textContent()).toMatch(/1:5\d|2:00/);
    // +1 min and pause are seen too
    await fac.page.getByTestId('timer-plus').click();
    await expect.poll(async () => Number(await timer.getAttribute('data-remaining'))).toBeGreaterThan(150_000);
    await fac.page.getByTestId('timer-pause').click();
    await res.page.locator('[data-testid="timer"][data-running="false"]').waitFor();
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('follow me moves the other page’s view, and release lets it go', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector');
    const res = await openBoard(browser, srv.url, w.id, resToken);
    await waitForPresence(fac.page, 2);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('follow-lead').click();
    await res.page.getByTestId('following').waitFor();
    // the facilitator zooms in and pans to the right lane
    await fac.page.getByTestId('board-canvas').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await fac.page.keyboard.press('+');
    for (let i = 0; i < 6; i++) await fac.page.keyboard.press('ArrowRight');
    const centre = async (page: typeof fac.page) => {
      const v = await viewOf(page);
      const box = (await page.getByTestId('board-canvas').boundingBox())!;
      return { x: (box.width / 2 - v.x) / v.scale, y: (box.height / 2 - v.y) / v.scale, w: box.width / v.scale, h: box.height / v.scale };
    };
    // same centre; all the leader sees fits on the follower's screen, tightly in one direction
    await expect
      .poll(async () => {
        const [a, b] = await Promise.all([centre(fac.page), centre(res.page)]);
        const fits = b.w >= a.w - 2 && b.h >= a.h - 2 && (Math.abs(a.w - b.w) < 2 || Math.abs(a.h - b.h) < 2);
        return Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) < 2 && fits;
      }, { timeout: 5000 })
      .toBe(true);
    // a resident's own pan is overridden while following; after release it stays
    await fac.page.getByTestId('follow-lead').click();
    await res.page.getByTestId('following').waitFor({ state: 'detached' });
    const before = await viewOf(res.page);
    await res.page.getByTestId('zoom-out').click();
    await expect.poll(async () => (await viewOf(res.page)).scale).toBeLessThan(before.scale);
    await fac.ctx.close();
    await res.ctx.close();
  });

  it('a lane header click brings that lane to the full width, and the following projector shows it large', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
    await waitForPresence(fac.page, 2);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('follow-lead').click();
    const fitted = (await viewOf(fac.page)).scale;
    // click the header of 行政がやるべきこと (the second lane)
    const header = await screenOf(fac.page, LANE_WIDTH + 150, 35);
    await fac.page.mouse.click(header.x, header.y);
    // the lane sits centred across the canvas: equal gaps left and right, each at most `gap` of its width
    const laneShown = async (page: typeof fac.page, lane: number, gap: number) => {
      const box = (await page.getByTestId('board-canvas').boundingBox())!;
      const left = (await screenOf(page, lane * LANE_WIDTH, 0)).x - box.x;
      const right = box.x + box.width - (await screenOf(page, (lane + 1) * LANE_WIDTH - 12, 0)).x;
      return left >= -1 && right >= -1 && Math.abs(left - right) < 4 && left <= gap * box.width;
    };
    await expect.poll(() => laneShown(fac.page, 1, 0.06), { timeout: 5000 }).toBe(true);
    expect((await viewOf(fac.page)).scale).toBeGreaterThan(fitted * 1.5);
    // the projector follows: all the leader's narrow pane sees fits its wide canvas, so the
    // lane is centred, larger than the projector's own fit, with its header in view
    await expect
      .poll(async () => {
        const box = (await proj.page.getByTestId('board-canvas').boundingBox())!;
        const top = (await screenOf(proj.page, LANE_WIDTH, 0)).y;
        return (await laneShown(proj.page, 1, 0.5)) && top >= box.y - 1 && (await viewOf(proj.page)).scale > 1.2;
      }, { timeout: 5000 })
      .toBe(true);
    await screenshot(proj.page, 'board-projector-lane-focus');
    // 0 shows every lane again; the keys 1–9 pick a lane
    await fac.page.keyboard.press('0');
    await expect
      .poll(async () => {
        const box = (await fac.page.getByTestId('board-canvas').boundingBox())!;
        return (await screenOf(fac.page, 0, 0)).x >= box.x && (await screenOf(fac.page, 4 * LANE_WIDTH - 12, 0)).x <= box.x + box.width;
      })
      .toBe(true);
    await fac.page.keyboard.press('4');
    await expect.poll(() => laneShown(fac.page, 3, 0.06)).toBe(true);
    await fac.page.getByTestId('follow-lead').click();
    // on the projector itself only the view keys work: N makes no note; 1 centres the first
    // lane (at most 2.5×, so it does not fill 1920 px)
    const before = readItems(observer.doc).length;
    await proj.page.getByTestId('board-canvas').click({ position: { x: 5, y: 300 } });
    await proj.page.keyboard.press('n');
    await proj.page.keyboard.press('1');
    await expect.poll(() => laneShown(proj.page, 0, 0.5)).toBe(true);
    expect((await viewOf(proj.page)).scale).toBeCloseTo(2.5, 3);
    expect(await proj.page.getByTestId('note-editor').count()).toBe(0);
    expect(readItems(observer.doc).length).toBe(before);
    await fac.ctx.close();
    await proj.ctx.close();
  });

  it('the agenda shows the same instruction on every screen; projector mode screenshot', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector');
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('phase-sort').click();
    await proj.page.locator('[data-testid="phase-banner"][data-phase="sort"]').waitFor();
    expect(await proj.page.getByTestId('toolbar').count()).toBe(0);
    await proj.page.getByTestId('projector-code').waitFor();
    expect(await proj.page.getByTestId('projector-code').textContent()).toBe(`${w.joinCode.slice(0, 3)} ${w.joinCode.slice(3)}`);
    await fac.page.getByTestId('timer-minutes').fill('10');
    await fac.page.getByTestId('timer-set').click();
    await fac.page.getByTestId('timer-start').click();
    await proj.page.locator('[data-testid="timer"][data-running="true"]').waitFor();
    await screenshot(proj.page, 'board-projector-mode');
    await fac.ctx.close();
    await proj.ctx.close();
  });
});
