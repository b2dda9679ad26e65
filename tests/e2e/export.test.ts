import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { GSI_ATTRIBUTION } from '../../server/src/config.js';
import { collectErrors, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { ROOT, startServer, tmpDataDir } from '../helpers/server.js';
import { SECRET_TEXT, seedWorkshop, type Seeded } from '../integration/exportSeed.js';

/**
 * The coordinator's take-home flow in Chromium: from the host page to the export page, every
 * download (GeoJSON, CSV, summary CSV, JSON backup, PDF, board PNG) checked through download
 * events, open-data import with the row lacking coordinates listed, the print view and the
 * summary page, and restoring the backup. Tiles point at a closed local port (credited as
 * 地理院タイル, as a local GSI mirror would be): nothing leaves 127.0.0.1.
 */
let srv: TsunaguServer;
let browser: Browser;
let ctx: BrowserContext;
let seeded: Seeded;

beforeAll(async () => {
  srv = await startServer({
    dataDir: tmpDataDir('tsunagu-e2e-export-'),
    staticDir: path.join(ROOT, 'client', 'dist'),
    tileUrl: 'http://127.0.0.1:9/gsi/{z}/{x}/{y}.png',
    tileAttribution: GSI_ATTRIBUTION,
  });
  seeded = await seedWorkshop(srv.url);
  browser = await launchBrowser();
  ctx = await newContext(browser, 'laptop');
});
afterAll(async () => {
  await ctx?.close();
  await browser?.close();
  await srv?.close();
});

async function downloadOf(page: Page, testId: string): Promise<{ d: Download; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const file = await d.path();
  return { d, body: fs.readFileSync(file!) };
}

describe('export end to end', () => {
  it('the facilitator reaches the export page and every download arrives', { timeout: 180_000 }, async () => {
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${seeded.ws.id}/host#token=${seeded.ws.facilitatorToken}`);
    await page.getByTestId('open-export').click();
    await page.waitForURL(/\/export$/);
    await page.getByTestId('export-panel').waitFor();
    await screenshot(page, 'export-panel-laptop');

    const geo = await downloadOf(page, 'dl-geojson');
    expect(geo.d.suggestedFilename()).toMatch(/\.geojson$/);
    const fc = JSON.parse(geo.body.toString('utf8')) as { features: unknown[] };
    expect(fc.features).toHaveLength(3);

    const csv = await downloadOf(page, 'dl-csv');
    expect(csv.d.suggestedFilename()).toBe('中央小学校区 地域福祉マップ.csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.名称)).toContain('ふれあいサロン「ひだまり」, 毎週水曜');
    expect(csv.body.toString('utf8')).not.toContain(SECRET_TEXT);

    await page.getByTestId('charset-cp932').check();
    const sjis = await downloadOf(page, 'dl-csv');
    expect(sjis.body[0]).not.toBe(0xef);
    expect(await page.getByTestId('export-message').textContent()).toContain('保存しました');

    const summary = await downloadOf(page, 'dl-summary-csv');
    expect(summary.d.suggestedFilename()).toMatch(/まとめ\.csv$/);

    const backup = await downloadOf(page, 'dl-json');
    expect(JSON.parse(backup.body.toString('utf8'))).toMatchObject({ format: 'tsunagu-backup' });
    const backupFile = path.join(ROOT, 'artifacts', 'export-backup.json');
    fs.mkdirSync(path.dirname(backupFile), { recursive: true });
    fs.writeFileSync(backupFile, backup.body);

    const pdf = await downloadOf(page, 'dl-pdf-a3');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const png = await downloadOf(page, 'dl-board-png');
    expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');

    // restricted export: an explicit, warned staff action
    await page.getByTestId('include-restricted').check();
    await page.getByText('個人情報を含みます').waitFor();
    const withSecret = await downloadOf(page, 'dl-csv');
    expect(iconvSafe(withSecret.body)).toContain('一人暮らし');

    // restore the backup into a new workshop
    await page.getByTestId('restore-file').setInputFiles(backupFile);
    const link = page.getByTestId('restored-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^\/w\/[A-Za-z0-9_-]+\/host#token=/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports the CP932 sample from the UI and lists the row lacking coordinates', { timeout: 60_000 }, async () => {
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${seeded.ws.id}/export`);
    await page.getByTestId('import-file').setInputFiles(path.join(ROOT, 'tests/fixtures/hinanjo_cp932.csv'));
    await page.getByTestId('import-category').selectOption('hinanjo');
    await page.getByTestId('import-preview').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.getAttribute('data-dry-run')).toBe('true');
    const problems = page.getByTestId('import-problems');
    expect(await problems.textContent()).toContain('元町集会所');
    expect(await problems.textContent()).toContain('緯度・経度がありません');
    await page.getByTestId('import-run').click();
    await page.locator('[data-testid="import-result"][data-dry-run="false"]').waitFor();
    expect(await result.getAttribute('data-added')).toBe('5');
    await screenshot(page, 'export-import-laptop');
    await page.close();
  });

  it('the print view shows numbered pins, legend, 小学校区, no 出典 without tiles, and a QR code', { timeout: 60_000 }, async () => {
    for (const size of ['projector', 'laptop'] as const) {
      const c = await newContext(browser, size);
      const page = await c.newPage();
      const errors = collectErrors(page);
      await page.goto(`${srv.url}/w/${seeded.ws.id}/print?paper=A3#token=${seeded.ws.facilitatorToken}`);
      await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
      const legend = page.getByTestId('legend').locator('li');
      expect(await legend.count()).toBeGreaterThanOrEqual(8); // 3 seeded pins + 5 imported shelters
      expect(await page.locator('.print-pin').count()).toBe(await legend.count());
      expect(await page.getByTestId('print-district').textContent()).toBe('中央小学校区');
      // the tiles point at a closed port: none was drawn, so no 出典 is printed (issue 18)
      expect(await page.getByTestId('print-credit').getAttribute('data-tiles')).toBe('none');
      expect(await page.getByTestId('print-credit').textContent()).not.toContain('地理院');
      // a read-only viewer link, never the join (write) link (issue 11)
      const qr = (await page.getByTestId('qr').getAttribute('data-qr-text')) ?? '';
      expect(qr).toContain(`/w/${seeded.ws.id}#token=`);
      expect(qr).not.toContain('/join');
      expect(await page.textContent('body')).not.toContain('一人暮らし');
      await screenshot(page, `export-print-${size}`);
      expect(errors.filter((e) => !/gsi/.test(e))).toEqual([]);
      await c.close();
    }
  });

  it('the summary page shows the matrix and downloads its CSV', { timeout: 60_000 }, async () => {
    const c = await newContext(browser, 'phone');
    const page = await c.newPage();
    await page.goto(`${srv.url}/w/${seeded.ws.id}/summary#token=${seeded.ws.facilitatorToken}`);
    await page.getByTestId('summary-matrix').waitFor();
    expect(await page.getByTestId('summary-page').textContent()).toContain('ゴミ出しが難しい高齢者が多い');
    await screenshot(page, 'export-summary-phone');
    const { d, body } = await downloadOf(page, 'dl-summary-csv-page');
    expect(d.suggestedFilename()).toMatch(/\.csv$/);
    // the page agrees with its CSV: who joined and who wrote, by role (the page once showed 0 joined)
    const rows = parseCsv(body, { bom: true, relax_column_count: true }) as string[][];
    const shown = await page.locator('[data-testid="summary-participants"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(rows.find((r) => r[0] === row[0])).toEqual(row);
    expect(shown.some((r) => Number(r[1]) > 0)).toBe(true);
    await c.close();
  });
});

/** The CP932 radio is still selected when the restricted CSV is taken. */
function iconvSafe(buf: Buffer): string {
  return iconv.decode(buf, 'cp932');
}
