import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { addItem, CSV_HEADERS, CSV_HEADERS_EN, readItems } from '@tsunagu/shared';
import { createOrganisation, type TsunaguServer } from '@tsunagu/server';
import { collectErrors, launchBrowser, newContext, screenshot, SCREENSHOT_DIR, type SizeName } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api, connectClient, eventually, ROOT, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * The city's 出力 tab in the coordinator's language (issue 14's exports, issue 18's English):
 * a coordinator who chose English downloads city.csv, city-summary.csv, city.geojson and the
 * A3 city.pdf in English; one who did not gets the Japanese files as before. The English A3
 * print (the PDF rendered to PNG, and the print page itself) and the English summary page are
 * photographed to look at.
 */
let srv: TsunaguServer;
let browser: Browser;
const clients: TestClient[] = [];
const org = { id: '', token: '' };
const DISTRICTS = ['仲町自治会', '元町自治会'] as const;

beforeAll(async () => {
  srv = await startE2eServer();
  Object.assign(org, await createOrganisation(srv.store, '川越市社会福祉協議会'));
  // the school-district file: one 小学校区 and its 自治会 (outlines on the printed map)
  const geojson = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/chuo_school_district.geojson'), 'utf8')) as unknown;
  const imported = await api<{ units: { id: string; name: string }[] }>(srv.url, 'POST', `/api/orgs/${org.id}/units/import`, { geojson, level: 'jichikai', nameProperty: 'name', levelProperty: 'kind' }, org.token);
  expect(imported.status).toBe(201);
  const unitId = new Map(imported.body.units.map((u) => [u.name, u.id]));
  const fills: ((d: import('yjs').Doc) => void)[] = [
    (d) => {
      addItem(d, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92, lng: 139.48 });
      addItem(d, { text: '子ども食堂ひまわり', category: 'kodomo-shokudo', lat: 35.925, lng: 139.49 });
      addItem(d, { text: '移動販売 とくし丸', category: 'idohanbai', lat: 35.918, lng: 139.472 });
      addItem(d, { text: 'バス停が遠い', category: 'ido', column: 'pool' });
    },
    (d) => {
      addItem(d, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92005, lng: 139.48005 });
      addItem(d, { text: '相談窓口 みなみ', category: 'sodan', lat: 35.912, lng: 139.485 });
    },
  ];
  for (const [i, name] of DISTRICTS.entries()) {
    const w = await api<CreatedWorkshop>(srv.url, 'POST', `/api/orgs/${org.id}/workshops`, { title: `${name} ワークショップ`, unitId: unitId.get(name) }, org.token);
    expect(w.status).toBe(201);
    const fac = connectClient(srv.url, w.body.id, w.body.facilitatorToken);
    clients.push(fac);
    await fac.synced;
    fills[i]!(fac.doc);
    const want = readItems(fac.doc).length;
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.body.id && !r.restricted && readItems(r.doc).length === want), 5000, 'seeded on the server');
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await browser?.close();
  await srv?.close();
});

async function downloadOf(page: Page, testId: string): Promise<{ d: Download; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId(testId).click()]);
  return { d, body: fs.readFileSync((await d.path())!) };
}

async function exportTab(lang: 'ja' | 'en', size: SizeName = 'laptop') {
  const ctx = await newContext(browser, size, { lang });
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(`${srv.url}/o/${org.id}?tab=export#token=${org.token}`);
  await page.getByTestId('export-tab').waitFor();
  return { ctx, page, errors };
}

describe('city 出力 tab in the coordinator’s language', () => {
  it('English: the CSV, summary CSV, GeoJSON and A3 PDF come in English', { timeout: 180_000 }, async () => {
    const { ctx, page, errors } = await exportTab('en');
    expect(await page.getByTestId('dl-csv').textContent()).toBe('CSV (for Excel)');
    await page.getByTestId('files-lang').waitFor();

    const rows = parseCsv((await downloadOf(page, 'dl-csv')).body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Unit', 'Unit level', 'Workshop', ...CSV_HEADERS_EN]);
    const salon = Object.fromEntries(rows[0]!.map((h, i) => [h, rows.find((r) => r[4] === 'ふれあいサロン')![i]]));
    expect(salon).toMatchObject({ Unit: '仲町自治会', 'Unit level': 'Neighbourhood association', Category: 'Drop-in place / salon', Kind: 'Resource' });

    const summary = parseCsv((await downloadOf(page, 'dl-summary-csv')).body, { bom: true, relax_column_count: true }) as string[][];
    expect(summary[0]).toEqual(['Counts by district']);
    expect(summary.flat()).not.toContain('地区別の件数');

    const geo = JSON.parse((await downloadOf(page, 'dl-geojson')).body.toString('utf8')) as { lang: string; features: { properties: Record<string, unknown> }[] };
    expect(geo.lang).toBe('en');
    expect(geo.features.find((f) => f.properties.text === '相談窓口 みなみ')!.properties).toMatchObject({ category: 'sodan', categoryLabel: 'Consultation desk', unitLevelLabel: 'Neighbourhood association' });

    const pdf = await downloadOf(page, 'pdf-a3');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(SCREENSHOT_DIR, 'city-A3-en.pdf');
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, pdf.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const w of ['community resource map', 'Legend', 'Coordinator screen (link needed)', 'Drop-in place / salon', 'Consultation desk', 'ふれあいサロン']) expect(text, w).toContain(w);
    expect(text).not.toMatch(/凡例|地域資源マップ|現在|居場所・サロン/);
    // rendered to look at (artifacts/screenshots/city-print-pdf-A3-en.png)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOT_DIR, 'city-print-pdf-A3-en')]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('Japanese (the default): the files as before', { timeout: 90_000 }, async () => {
    const { ctx, page, errors } = await exportTab('ja');
    expect(await page.getByTestId('files-lang').count()).toBe(0);
    const rows = parseCsv((await downloadOf(page, 'dl-csv')).body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['区分', '区分の種類', 'ワークショップ', ...CSV_HEADERS]);
    const summary = parseCsv((await downloadOf(page, 'dl-summary-csv')).body, { bom: true, relax_column_count: true }) as string[][];
    expect(summary[0]).toEqual(['地区別の件数']);
    const geo = JSON.parse((await downloadOf(page, 'dl-geojson')).body.toString('utf8')) as { lang?: string; features: { properties: Record<string, unknown> }[] };
    expect(geo.lang).toBeUndefined();
    expect(geo.features.find((f) => f.properties.text === '相談窓口 みなみ')!.properties).toMatchObject({ categoryLabel: '相談窓口' });
    expect(geo.features[0]!.properties).not.toHaveProperty('unitLevelLabel');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the English print page (A3) and summary page, and the 出力 tab at every size, photographed', { timeout: 120_000 }, async () => {
    for (const size of ['laptop', 'projector', 'phone'] as const) {
      const { ctx, page, errors } = await exportTab('en', size);
      await screenshot(page, `city-export-en-${size}`);
      expect(errors).toEqual([]);
      await ctx.close();
    }
    const ctx = await newContext(browser, 'projector', { lang: 'en' });
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/o/${org.id}/city/print?paper=A3#token=${org.token}`);
    await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('h1').first().textContent()).toBe('川越市社会福祉協議会 community resource map');
    expect(await page.getByTestId('city-legend').first().textContent()).toContain('2 districts (仲町自治会, 元町自治会)');
    await screenshot(page, 'city-print-A3-en-projector');
    await page.goto(`${srv.url}/o/${org.id}/city/summary`);
    await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
    const summary = (await page.getByTestId('city-summary-page').textContent())!;
    for (const w of ['Districts side by side and in total', 'Drop-in place / salon', 'Issues raised']) expect(summary, w).toContain(w);
    expect(summary).not.toMatch(/居場所・サロン|出てきた課題/);
    await screenshot(page, 'city-summary-page-en-projector');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
