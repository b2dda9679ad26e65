import {
  buildOutcomeCsv,
  buildBackup,
  buildCsv,
  buildGeoJson,
  buildSummary,
  buildSummaryCsv,
  parseExportFilter,
  parseExportLang,
} from '@tsunagu/shared';
import { encodeTextReplacing, parseCharset } from '../../exports/encoding.js';
import { attachmentName } from '../../exports/fileNames.js';
import { authorizeExport, loadWorkshopData, logRestrictedExport } from '../../exports/loadWorkshop.js';
import { loadOutcomeReport } from '../../exports/outcomeSeries.js';
import type { Ctx, Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/** CSV answers list the characters CP932 could not hold (written as 〓) in this header. */
const REPLACED_HEADER = 'x-replaced-characters';

/**
 * GET /api/workshops/:id/export.geojson | export.csv | export.json | summary.json | summary.csv
 *     | report.json | report.csv (成果把握 of the series the workshop closes)
 * Facilitator or staff token; filters `kind`, `category`, `area`, `column`;
 * `?include=restricted` (staff/facilitator, logged) adds the restricted layer;
 * `?lang=en` (every file but export.json): English headers and labels of categories, kinds, stages,
 * lanes and roles (Japanese otherwise, unchanged: the GeoJSON keeps every id beside its label);
 * CSV: `?charset=cp932` for CP932 (characters it cannot hold become 〓 and are listed, URI-encoded and
 * space-separated, in the `X-Replaced-Characters` header), UTF-8 with BOM otherwise.
 */
function send(ctx: Ctx, type: string, body: Buffer | string, filename: string, extra: Record<string, string> = {}): void {
  ctx.res.writeHead(200, {
    'content-type': type,
    'content-disposition': attachmentName(filename),
    'cache-control': 'no-store',
    ...extra,
  });
  ctx.res.end(body);
}

function sendCsv(ctx: Ctx, text: string, filename: string): void {
  const charset = parseCharset(ctx.query.get('charset'));
  const { body, replaced } = encodeTextReplacing(text, charset);
  const extra: Record<string, string> = replaced.length ? { [REPLACED_HEADER]: replaced.map(encodeURIComponent).join(' ') } : {};
  send(ctx, `text/csv; charset=${charset === 'cp932' ? 'Shift_JIS' : 'utf-8'}`, body, filename, extra);
}

/** The summary of a workshop for both summary routes: its items as filtered, and who joined (the token list). */
async function loadSummary(ctx: Ctx, deps: RouteDeps, what: string) {
  const access = await authorizeExport(ctx, deps);
  const data = await loadWorkshopData(deps, access);
  await logRestrictedExport(deps, access, what, ctx.query);
  const lang = parseExportLang(ctx.query.get('lang'));
  return buildSummary(data, { filter: parseExportFilter(ctx.query), joined: await deps.store.listJoined(access.workshopId), lang });
}

export function register(router: Router, deps: RouteDeps): void {
  router.get('/api/workshops/:id/export.geojson', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    const data = await loadWorkshopData(deps, access, { publicListing: true });
    await logRestrictedExport(deps, access, 'geojson', ctx.query);
    const fc = buildGeoJson(data, parseExportFilter(ctx.query), parseExportLang(ctx.query.get('lang')));
    send(ctx, 'application/geo+json; charset=utf-8', JSON.stringify(fc, null, 1), `${data.meta.title}.geojson`);
  });

  router.get('/api/workshops/:id/export.csv', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    const data = await loadWorkshopData(deps, access, { publicListing: true });
    await logRestrictedExport(deps, access, 'csv', ctx.query);
    sendCsv(ctx, buildCsv(data, parseExportFilter(ctx.query), parseExportLang(ctx.query.get('lang'))), `${data.meta.title}.csv`);
  });

  router.get('/api/workshops/:id/export.json', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    const pub = await deps.rooms.open(access.workshopId);
    try {
      const res = access.includeRestricted ? await deps.rooms.open(access.workshopId, { restricted: true }) : null;
      try {
        await logRestrictedExport(deps, access, 'json', ctx.query);
        const backup = buildBackup(pub.doc, res?.doc, Date.now());
        send(ctx, 'application/json; charset=utf-8', JSON.stringify(backup), `${backup.meta.title}.tsunagu.json`);
      } finally {
        res?.release();
      }
    } finally {
      pub.release();
    }
  });

  router.get('/api/workshops/:id/summary.json', async (ctx) => {
    ctx.json(200, await loadSummary(ctx, deps, 'summary.json'));
  });

  router.get('/api/workshops/:id/summary.csv', async (ctx) => {
    const summary = await loadSummary(ctx, deps, 'summary.csv');
    const lang = parseExportLang(ctx.query.get('lang'));
    sendCsv(ctx, buildSummaryCsv(summary, lang), `${summary.title}_${lang === 'en' ? 'summary' : 'まとめ'}.csv`);
  });

  router.get('/api/workshops/:id/report.json', async (ctx) => {
    ctx.json(200, await loadOutcomeReport(ctx, deps));
  });

  router.get('/api/workshops/:id/report.csv', async (ctx) => {
    const report = await loadOutcomeReport(ctx, deps);
    const lang = parseExportLang(ctx.query.get('lang'));
    sendCsv(ctx, buildOutcomeCsv(report, lang), lang === 'en' ? `${report.district || 'district'}_outcomes.csv` : `${report.district || '地区'}_成果把握.csv`);
  });
}
