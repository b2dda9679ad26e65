import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addPin, itemsMap } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, eventually, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 17, 掲載の同意: before printing, the coordinator sees which resources lack consent — on
 * the export page and above the print sheets — and the print legend leaves them out. Changing
 * a resource's consent on the board updates the list.
 */
describe('privacy: what lacks consent, before printing', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let staff: TestClient;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '本町 地域福祉マップ', '中央小学校区');
    staff = connectClient(srv.url, w.id, w.staffToken);
    await staff.synced;
    ids.hall = addPin(staff.doc, { text: '中央公民館', category: 'ibasho', lat: 35.9301, lng: 139.4801 });
    ids.club = addPin(staff.doc, { text: '体操クラブいきいき', category: 'ibasho', lat: 35.9305, lng: 139.4805 });
    ids.salon = addPin(staff.doc, { text: '自宅開放サロンひだまり', category: 'ibasho', lat: 35.9309, lng: 139.4809 });
    ids.volunteer = addPin(staff.doc, { text: 'ボランティア山川グループ', category: 'ibasho', lat: 35.9313, lng: 139.4813 });
    itemsMap(staff.doc).get(ids.club)!.set('consent', 'yes');
    itemsMap(staff.doc).get(ids.salon)!.set('consent', 'pending');
    itemsMap(staff.doc).get(ids.volunteer)!.set('consent', 'no');
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && itemsMap(r.doc).get(ids.volunteer!)?.get('consent') === 'no'), 5000, 'stored');
  });
  afterAll(async () => {
    staff?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('the export page and the print page list the resources without consent; the legend leaves them out', { timeout: 90_000 }, async () => {
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${w.id}/export#token=${encodeURIComponent(w.staffToken)}`);
    const list = page.getByTestId('consent-missing');
    await expect.poll(() => list.getAttribute('data-count'), { timeout: 10_000 }).toBe('2');
    const ids2 = await list.getByTestId('consent-missing-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids2.sort()).toEqual([ids.salon, ids.volunteer].sort());
    expect(await list.textContent()).toContain('未確認');
    expect(await list.textContent()).toContain('同意なし');
    await screenshot(page, 'privacy-consent-export-laptop');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'privacy-consent-export-projector');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'privacy-consent-export-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    // consent given on another screen: the list follows
    itemsMap(staff.doc).get(ids.salon!)!.set('consent', 'yes');
    await expect.poll(() => list.getAttribute('data-count'), { timeout: 10_000 }).toBe('1');

    await page.goto(`${srv.url}/w/${w.id}/print?paper=A3#token=${encodeURIComponent(w.staffToken)}`);
    await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
    const onPrint = page.getByTestId('consent-missing');
    expect(await onPrint.getAttribute('data-count')).toBe('1');
    expect(await onPrint.textContent()).toContain('ボランティア山川グループ');
    const legend = (await page.getByTestId('legend').textContent()) ?? '';
    expect(legend).toContain('体操クラブいきいき');
    expect(legend).toContain('自宅開放サロンひだまり');
    expect(legend).toContain('中央公民館');
    expect(legend).not.toContain('ボランティア山川グループ');
    await screenshot(page, 'privacy-consent-print-laptop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'privacy-consent-print-phone');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
