import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createOrganisation, type TsunaguServer } from '@tsunagu/server';
import { collectErrors, imeEnterWhileComposing, imeType, launchBrowser, newContext, screenshot, type SizeName } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api } from '../helpers/server.js';

/**
 * Correcting the geography in headless Chromium: on the coordinator screen a workshop of
 * 「区分なし」 is put into a 小学校区 with 「区分を変える」 and its row regroups under that unit;
 * a unit is renamed with 「名前を変える」 — Enter pressed during an IME composition saves
 * nothing, Enter after it saves — and re-parented with 「上の区分」, whose choices are only
 * the units of a higher level. The changed rows are photographed at laptop, projector and
 * phone sizes.
 */
describe('city: correcting units and moving workshops', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  const org = { id: '', token: '' };
  const U = new Map<string, string>();
  const W = new Map<string, string>();

  const call = <T = unknown>(method: string, p: string, body?: unknown) => api<T>(srv.url, method, p, body, org.token);
  const unitsNow = async () => (await call<{ units: { id: string; name: string; parentId: string | null }[] }>('GET', `/api/orgs/${org.id}/units`)).body.units;
  const workshopsNow = async () => (await call<{ workshops: { id: string; unitId: string | null; title: string }[] }>('GET', `/api/orgs/${org.id}/workshops`)).body.workshops;
  const row = (title: string) => page.locator('[data-testid="workshop-row"]', { hasText: title });
  const groupOf = (title: string) => page.locator('[data-testid="workshop-group"]', { has: row(title) }).locator('h2');
  const unitNode = (name: string) => page.locator(`[data-testid="unit-node"][data-unit-name="${name}"]`);
  const ownRow = (name: string) => unitNode(name).locator(':scope > .city-tree-row');

  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    Object.assign(org, await createOrganisation(srv.store, '川越市社会福祉協議会', { coordinatorName: '田中' }));
    for (const [name, level, parent] of [
      ['北地区', 'chiku', undefined],
      ['南地区', 'chiku', undefined],
      ['東小学校区', 'school', '北地区'],
      ['西小学校区', 'school', '北地区'],
      ['仲町自治会', 'jichikai', '東小学校区'],
    ] as const) {
      const r = await call<{ unit: { id: string } }>('POST', `/api/orgs/${org.id}/units`, { name, level, parentId: parent ? U.get(parent) : undefined });
      expect(r.status).toBe(201);
      U.set(name, r.body.unit.id);
    }
    for (const [title, unit] of [
      ['東小の地域福祉ワークショップ', '東小学校区'],
      ['昔からあるワークショップ', undefined],
    ] as const) {
      const r = await call<{ id: string }>('POST', `/api/orgs/${org.id}/workshops`, { title, unitId: unit ? U.get(unit) : undefined });
      expect(r.status).toBe(201);
      W.set(title, r.body.id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const shootAll = async (name: string, tab: 'workshops' | 'units', prepare?: (p: Page) => Promise<void>, sizes: SizeName[] = ['laptop', 'projector', 'phone']) => {
    for (const size of sizes) {
      const c = await newContext(browser, size);
      const p = await c.newPage();
      const errs = collectErrors(p);
      await p.goto(`${srv.url}/o/${org.id}${tab === 'units' ? '?tab=units' : ''}#token=${org.token}`);
      await p.getByTestId(tab === 'units' ? 'unit-node' : 'workshop-row').first().waitFor();
      await prepare?.(p);
      // the changed control in view (on a phone it is below the first row's buttons)
      await p.getByTestId(tab === 'units' ? 'unit-parent' : 'workshop-move').last().scrollIntoViewIfNeeded();
      await screenshot(p, `${name}-${size}`);
      // nothing makes the page scroll sideways (the selects' long options, the units tab's forms)
      expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      expect(errs).toEqual([]);
      await c.close();
    }
  };

  it('moves a workshop of 区分なし into a 小学校区 with 区分を変える; the rows regroup', async () => {
    ctx = await newContext(browser, 'laptop');
    page = await ctx.newPage();
    errors = collectErrors(page);
    await page.goto(`${srv.url}/o/${org.id}#token=${org.token}`);
    await row('昔からあるワークショップ').waitFor();
    expect(await groupOf('昔からあるワークショップ').textContent()).toContain('区分なし');
    expect(await groupOf('東小の地域福祉ワークショップ').textContent()).toContain('東小学校区');
    // the choices: 区分なし, then the units in tree order, indented, each with its level
    const select = row('昔からあるワークショップ').getByTestId('workshop-move');
    expect(await select.inputValue()).toBe('');
    const labels = await select.locator('option').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['区分なし', '北地区（地区）', '東小学校区（小学校区）', '仲町自治会（自治会）', '西小学校区（小学校区）', '南地区（地区）']);
    expect(labels[3]).toMatch(/^\u3000\u3000仲町/);

    await select.selectOption(U.get('西小学校区')!);
    await page.getByTestId('moved-notice').waitFor();
    expect(await page.getByTestId('moved-notice').textContent()).toContain('「昔からあるワークショップ」を「西小学校区」へ移しました');
    await expect.poll(() => groupOf('昔からあるワークショップ').textContent()).toContain('西小学校区');
    expect(await row('昔からあるワークショップ').getByTestId('workshop-move').inputValue()).toBe(U.get('西小学校区'));
    expect((await workshopsNow()).find((w) => w.id === W.get('昔からあるワークショップ'))!.unitId).toBe(U.get('西小学校区'));
    expect(await page.locator('[data-testid="workshop-group"] h2', { hasText: '区分なし' }).count()).toBe(0);
    await screenshot(page, 'city-edit-moved-laptop');

    // the other one joins it: one group of two rows
    await row('東小の地域福祉ワークショップ').getByTestId('workshop-move').selectOption(U.get('西小学校区')!);
    await expect.poll(() => page.locator('[data-testid="workshop-group"]').count()).toBe(1);
    expect(await page.locator('[data-testid="workshop-group"]').locator('[data-testid="workshop-row"]').count()).toBe(2);
    // and back to 東小学校区, so the screenshots show two groups
    await row('東小の地域福祉ワークショップ').getByTestId('workshop-move').selectOption(U.get('東小学校区')!);
    await expect.poll(() => groupOf('東小の地域福祉ワークショップ').textContent()).toContain('東小学校区');
    expect(errors).toEqual([]);
    await shootAll('city-edit-workshops', 'workshops');
  });

  it('renames a unit (Enter during an IME composition saves nothing) and gives another unit a new parent', async () => {
    await page.getByTestId('tab-units').click();
    await unitNode('東小学校区').waitFor();
    // the parent choices are the units of a higher level only (and none): never itself, its 自治会 or another 小学校区
    const parentSelect = ownRow('東小学校区').getByTestId('unit-parent');
    expect(await parentSelect.inputValue()).toBe(U.get('北地区'));
    expect((await parentSelect.locator('option').allTextContents()).map((l) => l.trim())).toEqual(['なし', '北地区（地区）', '南地区（地区）']);

    await ownRow('東小学校区').getByTestId('unit-rename').click();
    const input = ownRow('東小学校区').getByTestId('unit-rename-input');
    await input.waitFor();
    expect(await input.inputValue()).toBe('東小学校区');
    await input.fill('');
    await imeEnterWhileComposing(page, 'ひがしこうよう');
    // the Enter belonged to the IME: nothing was saved, the field is still open
    expect(await input.isVisible()).toBe(true);
    expect((await unitsNow()).find((u) => u.id === U.get('東小学校区'))!.name).toBe('東小学校区');
    await imeType(page, ['ひがしこうよう', '東向陽'], '東向陽小学校区');
    expect(await input.inputValue()).toBe('東向陽小学校区');
    expect((await unitsNow()).find((u) => u.id === U.get('東小学校区'))!.name).toBe('東小学校区');
    await screenshot(page, 'city-edit-rename-laptop');
    await input.press('Enter');
    await unitNode('東向陽小学校区').waitFor();
    expect(await unitNode('東小学校区').count()).toBe(0);
    expect((await unitsNow()).find((u) => u.id === U.get('東小学校区'))!.name).toBe('東向陽小学校区');
    // 仲町自治会 is still inside it
    expect(await unitNode('東向陽小学校区').locator('[data-testid="unit-node"][data-unit-name="仲町自治会"]').count()).toBe(1);

    // 西小学校区 moves from 北地区 to 南地区: the tree shows it under 南地区
    await ownRow('西小学校区').getByTestId('unit-parent').selectOption(U.get('南地区')!);
    await unitNode('南地区').locator('[data-testid="unit-node"][data-unit-name="西小学校区"]').waitFor();
    expect((await unitsNow()).find((u) => u.id === U.get('西小学校区'))!.parentId).toBe(U.get('南地区'));
    expect(await unitNode('北地区').locator('[data-testid="unit-node"][data-unit-name="西小学校区"]').count()).toBe(0);

    // the workshop list shows the new name at once
    await page.getByTestId('tab-workshops').click();
    await expect.poll(() => groupOf('東小の地域福祉ワークショップ').textContent()).toContain('東向陽小学校区');
    expect(errors).toEqual([]);
    await ctx.close();

    await shootAll('city-edit-units', 'units', async (p) => {
      await p.locator('[data-testid="unit-node"][data-unit-name="西小学校区"] > .city-tree-row [data-testid="unit-rename"]').click();
      await p.getByTestId('unit-rename-input').waitFor();
    });
  });
});
