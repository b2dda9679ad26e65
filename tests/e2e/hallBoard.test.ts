import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, type TsunaguServer } from '@tsunagu/server';
import { addItem, LANE_WIDTH, moveItems, NOTE_WIDTH, notesOverlap, readItems, setTimer, slotForNewNote, startTimer, type Item } from '@tsunagu/shared';
import { newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { openBoard, screenOf, viewOf, waitForPresence } from './boardSetup.js';

/**
 * The hall (issue 18): notes that place themselves, a projector readable from the back row,
 * 整列, and the chime unlocked by one tap. The browser enforces the autoplay rule (audio only
 * after a user gesture), as a real projector PC's browser does.
 */
const overlaps = (items: readonly Item[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) if (notesOverlap(items[i]!, items[j]!)) out.push(`${items[i]!.text} × ${items[j]!.text}`);
  return out;
};

/** Screen size of every note text drawn on the canvas inside the visible stage (measured from Konva's nodes). */
async function noteTextSizes(page: Page): Promise<{ px: number[]; cut: number }> {
  return page.evaluate(() => {
    type Node = { fontSize(): number; getAbsoluteScale(): { y: number }; getClientRect(): { x: number; y: number; width: number; height: number }; text(): string; textArr: { text: string }[] };
    const K = (window as unknown as { Konva: { stages: { width(): number; height(): number; find(s: string): Node[] }[] } }).Konva;
    const stage = K.stages[0]!;
    const px: number[] = [];
    let cut = 0;
    for (const n of stage.find('.note-text')) {
      const r = n.getClientRect();
      if (r.x < 0 || r.y < 0 || r.x + r.width > stage.width() || r.y + r.height > stage.height()) continue;
      px.push(n.fontSize() * n.getAbsoluteScale().y);
      if (n.textArr.map((l) => l.text).join('') !== n.text()) cut++;
    }
    return { px, cut };
  });
}

describe('the hall: board and projector', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let observer: TestClient;
  const phones: TestClient[] = [];
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS, '--autoplay-policy=user-gesture-required'],
    });
    w = await createWorkshop(srv.url, '中央地区 座談会', '中央小学校区');
    observer = connectClient(srv.url, w.id, w.facilitatorToken);
    await observer.synced;
  });
  afterAll(async () => {
    for (const p of phones) p.destroy();
    observer?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('40 notes sent from 8 phones at once land without overlap, and the projector shows their text at ≥ 28 px', async () => {
    for (let i = 0; i < 8; i++) phones.push(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, `住民${i}`, 'jumin')));
    await Promise.all(phones.map((p) => p.synced));
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
    // five rounds; in each, every phone picks the next free slot on its own copy and sends at once
    const texts = ['買い物に行けない', 'バス停が遠い', '見守りが必要な一人暮らしの方が増えている', '子ども食堂', '坂道がきつくて外に出るのがおっくうになった、という声を集会所でよく聞きます'];
    for (let round = 0; round < 5; round++) {
      phones.forEach((p, i) => {
        const at = slotForNewNote(p.doc, 'pool');
        addItem(p.doc, { text: `${texts[round]}（${i + 1}）`, category: 'ido', column: 'pool', x: at.x, y: at.y, authorName: `住民${i}`, authorRole: 'jumin' });
      });
    }
    await waitFor(observer.doc, () => readItems(observer.doc).length === 40 && overlaps(readItems(observer.doc)).length === 0, 15_000, '40 notes apart');
    const items = readItems(observer.doc);
    expect(overlaps(items)).toEqual([]);
    // all in 出てきた課題's lane
    for (const n of items) expect(n.x >= 0 && n.x + NOTE_WIDTH <= LANE_WIDTH, `${n.text} x=${n.x}`).toBe(true);
    // the projector's copy agrees (its accessible list of notes)
    await expect.poll(() => proj.page.getByTestId('note-row').count(), { timeout: 10_000 }).toBe(40);
    const rows = await proj.page.getByTestId('note-row').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id')!, x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) })));
    expect(overlaps(rows.map((r) => ({ ...r, text: r.id }) as unknown as Item))).toEqual([]);
    // text drawn on the projector: every visible note at 28 px or more
    await proj.page.getByTestId('board-canvas').locator('canvas').first().waitFor();
    await expect.poll(async () => (await noteTextSizes(proj.page)).px.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const sizes = await noteTextSizes(proj.page);
    expect(Math.min(...sizes.px)).toBeGreaterThanOrEqual(28);
    await screenshot(proj.page, 'hall-projector-40-notes');
    // a long text cut on its note is read whole in the spotlight: tap the longest note on screen
    const shown = await proj.page.evaluate(() => {
      type N = { id(): string; getClientRect(): { x: number; y: number; width: number; height: number } };
      const K = (window as unknown as { Konva: { stages: { width(): number; height(): number; find(s: string): N[] }[] } }).Konva;
      const st = K.stages[0]!;
      return st
        .find('.note')
        .map((n) => ({ id: n.id().replace(/^note-/, ''), r: n.getClientRect() }))
        .filter(({ r }) => r.x >= 0 && r.y >= 0 && r.x + r.width <= st.width() && r.y + r.height <= st.height() - 80);
    });
    const byId = new Map(items.map((n) => [n.id, n]));
    const pick = shown.filter((s) => byId.has(s.id)).sort((a, b) => byId.get(b.id)!.text.length - byId.get(a.id)!.text.length)[0]!;
    const long = byId.get(pick.id)!;
    expect(long.text.length).toBeGreaterThan(20);
    const box = (await proj.page.getByTestId('board-canvas').boundingBox())!;
    await proj.page.mouse.click(box.x + pick.r.x + pick.r.width / 2, box.y + pick.r.y + pick.r.height / 2);
    await expect.poll(() => proj.page.getByTestId('spotlight-text').textContent(), { timeout: 5000 }).toBe(long.text);
    const spotPx = await proj.page.getByTestId('spotlight-text').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(spotPx).toBeGreaterThanOrEqual(28);
    await screenshot(proj.page, 'hall-projector-spotlight');
    await proj.ctx.close();
  });

  it('「整列」 tidies a messy lane', async () => {
    // a heap in 住民がやるべきこと: notes created apart, then all dragged onto each other
    const lane = 2;
    const ids = Array.from({ length: 9 }, (_, i) =>
      addItem(observer.doc, { text: `住民でできること${i + 1}`, category: 'attara', column: 'jumin', x: lane * LANE_WIDTH + 16, y: 3000 + i * 200, authorName: 'みどり', authorRole: 'jumin' }),
    );
    moveItems(observer.doc, ids.map((id, i) => ({ id, x: lane * LANE_WIDTH + 20 + (i % 3) * 30, y: 120 + i * 25 })));
    const inLane = () => readItems(observer.doc).filter((n) => ids.includes(n.id));
    expect(overlaps(inLane()).length).toBeGreaterThan(0);
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    await expect.poll(() => fac.page.getByTestId('note-row').count(), { timeout: 10_000 }).toBe(49);
    await screenshot(fac.page, 'hall-tidy-before');
    await fac.page.getByTestId('tidy').click();
    await waitFor(observer.doc, () => overlaps(inLane()).length === 0, 5000, 'the lane tidied');
    for (const n of inLane()) expect(n.x >= lane * LANE_WIDTH && n.x + NOTE_WIDTH <= (lane + 1) * LANE_WIDTH).toBe(true);
    expect(overlaps(readItems(observer.doc))).toEqual([]);
    await screenshot(fac.page, 'hall-tidy-after');
    await fac.ctx.close();
  });

  it('releasing follow-me gives the projector back its own view; the projector never goes below 28 px text', async () => {
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken);
    onTestFinished(() => Promise.all([fac.ctx.close(), proj.ctx.close()]).then(() => undefined));
    await waitForPresence(fac.page, 2);
    const own = await viewOf(proj.page);
    expect(own.scale).toBeGreaterThanOrEqual(28 / 22 - 1e-9);
    await fac.page.getByTestId('tools-toggle').click();
    await fac.page.getByTestId('follow-lead').click();
    // the facilitator shows the third lane across its pane; the projector follows
    const header = await screenOf(fac.page, 2 * LANE_WIDTH + 150, 35);
    await fac.page.mouse.click(header.x, header.y);
    await expect.poll(async () => (await viewOf(proj.page)).x, { timeout: 5000 }).not.toBe(own.x);
    // zoomed far out by the leader, the projector still keeps its 28 px scale
    await fac.page.getByTestId('board-canvas').focus();
    await fac.page.keyboard.press('0');
    for (let i = 0; i < 6; i++) await fac.page.keyboard.press('-');
    await expect.poll(async () => (await viewOf(proj.page)).scale, { timeout: 5000 }).toBeCloseTo(28 / 22, 5);
    expect(Math.min(...(await noteTextSizes(proj.page)).px)).toBeGreaterThanOrEqual(28);
    // released: back to the view it had before following
    await fac.page.getByTestId('follow-lead').click();
    await expect.poll(() => viewOf(proj.page), { timeout: 5000 }).toEqual(own);
  });

  it('the chime plays after the 「音を有効にする」 tap (AudioContext running); phase chips work for the facilitator only', async () => {
    const fac = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'laptop');
    const resident = await openBoard(browser, srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'jumin'), 'laptop');
    await waitForPresence(fac.page, 2);
    const unlock = fac.page.getByTestId('sound-unlock');
    await unlock.waitFor();
    // the resident's page offers no sound button, and its phase steps are plain labels
    expect(await resident.page.getByTestId('sound-unlock').count()).toBe(0);
    expect(await resident.page.getByTestId('phase-steps').locator('button').count()).toBe(0);
    await unlock.click();
    await fac.page.getByTestId('sound-ready').waitFor();
    expect(await fac.page.evaluate(() => document.documentElement.dataset.tgAudio)).toBe('running');
    // a one-second timer ends: the chime plays through the unlocked context
    setTimer(observer.doc, 1000, 'fac');
    startTimer(observer.doc, 'fac');
    await expect.poll(() => fac.page.evaluate(() => Number(document.documentElement.dataset.tgChimes ?? '0')), { timeout: 8000 }).toBeGreaterThanOrEqual(1);
    // the resident's page, never tapped, plays nothing (its chime is silent, not an error)
    expect(await resident.page.evaluate(() => document.documentElement.dataset.tgChimes ?? '0')).toBe('0');
    // the facilitator moves the agenda with a chip; the resident sees the step change
    await fac.page.locator('.phase-chip[data-phase="sort"]').click();
    await expect.poll(() => resident.page.getByTestId('phase-banner').getAttribute('data-phase')).toBe('sort');
    await screenshot(fac.page, 'hall-facilitator-chips-sound');
    await screenshot(resident.page, 'hall-resident-labels');
    await fac.ctx.close();
    await resident.ctx.close();
  });

  it('screenshots at phone size: a resident’s page (phase labels) and the facilitator’s board (chips, sound)', async () => {
    const open = async (token: string) => {
      const ctx = await newContext(browser, 'phone');
      onTestFinished(() => ctx.close());
      const page = await ctx.newPage();
      await page.goto(`${srv.url}/w/${w.id}#token=${encodeURIComponent(token)}`);
      await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
      return page;
    };
    const resident = await open(await joinWorkshop(srv.url, w.joinCode, 'ふみ', 'jumin'));
    await screenshot(resident, 'hall-phone-resident');
    const fac = await open(w.facilitatorToken);
    await fac.getByTestId('phase-steps').first().waitFor();
    await screenshot(fac, 'hall-phone-facilitator');
    expect(await resident.locator('.phase-chip').count()).toBe(0);
  });
});
