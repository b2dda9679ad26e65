import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { CSV_HEADERS, CSV_HEADERS_EN } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { ROOT, startServer, tmpDataDir } from '../helpers/server.js';
import { seedWorkshop, type Seeded } from '../integration/exportSeed.js';

/**
 * Issue 18, point 6 in the browser: a coordinator who chose English gets English files from the
 * export page (CSV headers and labels, GeoJSON labels) and from the summary page; one who did
 * not gets the Japanese files as before.
 */
let srv: TsunaguServer;
let browser: Browser;
let seeded: Seeded;

beforeAll(async () => {
  srv = await startServer({ dataDir: tmpDataDir('tsunagu-e2e-export-en-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png' });
  seeded = await seedWorkshop(srv.url);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

async function downloadOf(page: Page, testId: string): Promise<{ d: Download; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  return { d, body: fs.readFileSync((await d.path())!) };
}

async function exportPage(lang: 'ja' | 'en') {
  const ctx = await newContext(browser, 'laptop', { lang });
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(`${srv.url}/w/${seeded.ws.id}/export#token=${seeded.ws.facilitatorToken}`);
  await page.getByTestId('export-panel').waitFor();
  return { ctx, page, errors };
}

describe('export files in the reader’s language', () => {
  it('English: the CSV and GeoJSON downloads come in English', { timeout: 90_000 }, async () => {
    const { ctx, page, errors } = await exportPage('en');
    await screenshot(page, 'export-panel-en-laptop');
    const csv = await downloadOf(page, 'dl-csv');
    const rows = parseCsv(csv.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...CSV_HEADERS_EN]);
    const salon = Object.fromEntries(rows[0]!.map((h, i) => [h, rows.find((r) => r[1]!.startsWith('ふれあいサロン'))![i]]));
    expect(salon).toMatchObject({ Category: 'Drop-in place / salon', Kind: 'Resource', Stage: 'Known' });
    const geo = JSON.parse((await downloadOf(page, 'dl-geojson')).body.toString('utf8')) as { lang: string; features: { properties: Record<string, unknown> }[] };
    expect(geo.lang).toBe('en');
    expect(geo.features.find((f) => String(f.properties.text).startsWith('ふれあいサロン'))!.properties).toMatchObject({ category: 'ibasho', categoryLabel: 'Drop-in place / salon', kindLabel: 'Resource' });
    const summary = parseCsv((await downloadOf(page, 'dl-summary-csv')).body, { bom: true, relax_column_count: true }) as string[][];
    expect(summary.flat()).toContain('[Overview]');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('Japanese (the default): the files as before', { timeout: 90_000 }, async () => {
    const { ctx, page } = await exportPage('ja');
    const rows = parseCsv((await downloadOf(page, 'dl-csv')).body, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    const geo = JSON.parse((await downloadOf(page, 'dl-geojson')).body.toString('utf8')) as { lang: string; features: { properties: Record<string, unknown> }[] };
    expect(geo.lang).toBe('ja');
    expect(geo.features.find((f) => String(f.properties.text).startsWith('ふれあいサロン'))!.properties).toMatchObject({ categoryLabel: '居場所・サロン', kindLabel: '地域資源' });
    await ctx.close();
  });
});
