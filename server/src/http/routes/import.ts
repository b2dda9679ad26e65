import {
  applyImport,
  canExport,
  ImportCategoryError,
  ImportFormatError,
  IMPORT_REASON_LABELS,
  isWorkshopId,
  parseGeoJsonPoints,
  parseOpenDataCsv,
  type ParsedImport,
} from '@tsunagu/shared';
import { decodeUpload } from '../../exports/encoding.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/** Most problems listed in an import answer (issue 11); `moreProblems` counts the rest. */
export const MAX_PROBLEMS = 200;

/**
 * POST /api/workshops/:id/import?category=<id>[&format=csv|geojson][&dryRun=1][&keepCategories=1]
 * Body: the file as uploaded (CSV in UTF-8 with or without BOM, or CP932; or GeoJSON).
 * Facilitator or staff token. Answers what was added, what was already there, and every row
 * that could not be placed with its reason. `dryRun=1` reads the file and writes nothing.
 */
function detectFormat(explicit: string | null, text: string): 'csv' | 'geojson' {
  if (explicit === 'csv' || explicit === 'geojson') return explicit;
  const head = text.replace(/^\ufeff/, '').trimStart();
  return head.startsWith('{') ? 'geojson' : 'csv';
}

export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/:id/import', async (ctx) => {
    const id = ctx.params.id;
    if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
    if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
    const principal = ctx.requireAuth(id);
    if (!canExport(principal.role)) throw new HttpError(403, 'import needs a facilitator or staff token');
    const category = ctx.query.get('category') ?? '';
    if (category === '') throw new HttpError(400, 'category is required (the category imported places get)');
    const body = await ctx.readBody(deps.config.limits.maxImportBytes);
    if (body.length === 0) throw new HttpError(400, 'the file is empty');
    const { text, encoding } = decodeUpload(body);
    const format = detectFormat(ctx.query.get('format'), text);
    let parsed: ParsedImport;
    try {
      parsed = format === 'geojson' ? parseGeoJsonPoints(text) : parseOpenDataCsv(text);
    } catch (err) {
      if (err instanceof ImportFormatError) {
        ctx.json(400, { error: err.message, errorJa: err.messageJa });
        return;
      }
      throw err;
    }
    // A file of 100,000 bad rows must not come back as a 100,000-entry answer: the first
    // MAX_PROBLEMS, and how many more there were.
    const problems = parsed.problems.slice(0, MAX_PROBLEMS).map((p) => ({ ...p, message: IMPORT_REASON_LABELS[p.reason] }));
    const moreProblems = Math.max(0, parsed.problems.length - MAX_PROBLEMS);
    const summary = { format, encoding, total: parsed.total, placeable: parsed.rows.length, problems, moreProblems };
    if (ctx.query.get('dryRun') === '1') {
      ctx.json(200, { ...summary, dryRun: true, added: 0, alreadyPresent: 0, overLimit: 0, rows: parsed.rows.slice(0, 200) });
      return;
    }
    const handle = await deps.rooms.open(id);
    try {
      const result = applyImport(handle.doc, parsed.rows, {
        category,
        keepCategories: ctx.query.get('keepCategories') === '1',
        authorName: principal.name || undefined,
        authorRole: principal.kind || undefined,
        maxItems: deps.config.limits.maxItems,
        origin: { kind: 'import', detail: `${format}:${principal.role}` },
      });
      await handle.room.persistence.flush();
      ctx.json(200, { ...summary, dryRun: false, added: result.added, alreadyPresent: result.alreadyPresent, overLimit: result.overLimit });
    } catch (err) {
      if (err instanceof ImportCategoryError) throw new HttpError(400, err.message);
      throw err;
    } finally {
      handle.release();
    }
  });
}
