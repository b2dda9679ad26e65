import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { PRIVACY_MESSAGES, readItems } from '@tsunagu/shared';
import { imeType, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, joinWorkshop, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 17, point 5: the name / address / phone / e-mail warning fires in every composer — the
 * phone's step flow, the phone's 「みんなの付箋」 list, the laptop board's ＋付箋 (note editor) and
 * the map's pin form — with the same rules, for names, house numbers in digits and in kanji
 * numerals, phone numbers and e-mail addresses; a plain text brings no warning. The phone and
 * the pin form send nothing warned about before the writer confirms; the board editor writes as
 * it types, so it holds the note back from the projector as soon as the check finds something.
 */
const CASES = [
  { kind: 'name', text: '山田太郎さんが一人で心配' },
  { kind: 'address', text: '中央町1-2-3の家が心配' },
  { kind: 'address', text: '中央町一丁目二番三号の家が心配' },
  { kind: 'phone', text: '090-1234-5678 に電話してほしい' },
  { kind: 'email', text: 'taro.yamada@example.jp に連絡' },
] as const;
const PLAIN = '坂道が多くバス停が遠い';

describe('privacy: the warning in every composer', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let staff: TestClient;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '仲町 地域福祉座談会', '中央小学校区');
    staff = connectClient(srv.url, w.id, w.staffToken);
    await staff.synced;
  });
  afterAll(async () => {
    staff?.destroy();
    await browser?.close();
    await srv?.close();
  });

  const sentTexts = () => readItems(staff.doc).map((i) => i.text);

  /** The warning names the finding's kind (its Japanese message). */
  async function expectWarning(warning: Locator, kind: (typeof CASES)[number]['kind'], where: string): Promise<void> {
    await warning.waitFor({ timeout: 5000 }).catch(() => {
      throw new Error(`no warning in ${where} for ${kind}`);
    });
    expect(await warning.textContent(), `${where}: ${kind}`).toContain(PRIVACY_MESSAGES[kind].ja);
  }

  async function participantPage(size: 'phone' | 'laptop', name: string): Promise<Page> {
    const token = await joinWorkshop(srv.url, w.joinCode, name, 'jumin');
    const ctx = await newContext(browser, size);
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${w.id}#token=${encodeURIComponent(token)}`);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    return page;
  }

  it('phone: the step flow and the 「みんなの付箋」 list', async () => {
    const page = await participantPage('phone', 'はな');
    await page.getByTestId('write-note').click();
    await page.getByTestId('cat-mimamori').click();
    const field = page.getByTestId('note-text');
    for (const c of CASES) {
      await field.fill(c.text);
      await page.getByTestId('send').click();
      await expectWarning(page.getByTestId('privacy-warning'), c.kind, 'phone step flow');
      if (c.kind === 'email') await screenshot(page, 'privacy-warning-phone-step');
      await page.getByTestId('privacy-fix').click();
    }
    // typed through the IME (kanji numerals come from the conversion), the same warning
    await field.fill('');
    await field.focus();
    await imeType(page, ['ちゅうおうちょう', '中央町一丁目'], '中央町一丁目二番三号のお宅');
    await page.getByTestId('send').click();
    await expectWarning(page.getByTestId('privacy-warning'), 'address', 'phone step flow (IME)');
    await page.getByTestId('privacy-fix').click();
    // a sensitive word: the warning offers 「相談したい」 instead, carrying the text over
    await field.fill('向かいの家がごみ屋敷になっている');
    await page.getByTestId('send').click();
    await page.getByTestId('privacy-warning').waitFor();
    await screenshot(page, 'privacy-warning-phone-sensitive');
    await page.getByTestId('privacy-consult').click();
    expect(await page.getByTestId('consult-text').inputValue()).toBe('向かいの家がごみ屋敷になっている');
    await page.getByTestId('consult-cancel').click();
    await page.getByTestId('privacy-fix').click();
    await field.fill(PLAIN);
    await page.getByTestId('send').click();
    await page.getByTestId('phone-sent').waitFor();
    expect(await page.getByTestId('privacy-warning').count()).toBe(0);

    // the list composer on the 付箋 tab
    await page.getByTestId('tab-board').click();
    const input = page.getByTestId('note-input');
    for (const c of CASES) {
      await input.fill(c.text);
      await page.getByTestId('note-add').click();
      await expectWarning(page.getByTestId('privacy-warning'), c.kind, 'phone list');
      if (c.kind === 'phone') await screenshot(page, 'privacy-warning-phone-list');
    }
    await input.fill('ひきこもりの人がいる');
    await page.getByTestId('note-add').click();
    await page.getByTestId('privacy-consult').click();
    expect(await page.getByTestId('consult-text').inputValue()).toBe('ひきこもりの人がいる');
    await page.getByTestId('consult-cancel').click();
    await input.fill(PLAIN + '（一覧から）');
    expect(await page.getByTestId('privacy-warning').count()).toBe(0);
    await page.getByTestId('note-add').click();
    await expect.poll(() => sentTexts().includes(PLAIN + '（一覧から）'), { timeout: 5000 }).toBe(true);
    for (const c of CASES) expect(sentTexts()).not.toContain(c.text);
    await page.context().close();
  });

  it('laptop: the board’s ＋付箋 editor and the map’s pin form', async () => {
    const page = await participantPage('laptop', 'けん');
    await page.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor();
    await page.getByTestId('new-note').click();
    const editor = page.getByTestId('note-editor');
    await editor.waitFor();
    for (const c of CASES) {
      await editor.fill(c.text);
      await expectWarning(page.getByTestId('privacy-warning'), c.kind, 'board editor');
      if (c.kind === 'name') await screenshot(page, 'privacy-warning-laptop-editor');
    }
    // the editor writes as it types: the note is held back from the projector at once
    await expect.poll(() => readItems(staff.doc).find((i) => i.authorName === 'けん')?.held, { timeout: 5000 }).toBe(true);
    await editor.fill(PLAIN);
    await page.getByTestId('privacy-warning').waitFor({ state: 'detached' });
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });

    await page.getByTestId('add-pin').click();
    const map = (await page.locator('.tg-map').boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.5, map.y + map.height * 0.55);
    const text = page.getByTestId('add-pin-text');
    for (const c of CASES) {
      await text.fill(c.text);
      await page.getByTestId('add-pin-save').click();
      await expectWarning(page.getByTestId('add-pin-warning'), c.kind, 'map pin form');
      if (c.kind === 'address') await screenshot(page, 'privacy-warning-laptop-map');
    }
    for (const c of CASES) expect(sentTexts()).not.toContain(c.text);

    // a participant on a laptop has 「相談したい」 in the header too
    await page.getByTestId('consult-open').click();
    await page.getByTestId('consult-dialog').waitFor();
    await screenshot(page, 'privacy-laptop-consult-dialog');
    await page.getByTestId('consult-cancel').click();
    await page.context().close();
  });
});
