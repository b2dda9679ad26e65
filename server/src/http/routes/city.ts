import {
  addItem,
  buildCitySummary,
  buildCitySummaryCsv,
  buildCsvRows,
  buildSummary,
  CITY_CSV_LEAD,
  CSV_HEADERS,
  CSV_HEADERS_EN,
  buildGeoJson,
  areaNameOf,
  getItemMap,
  mergeResources,
  packCityMap,
  readCategories,
  SERVER,
  slotForNewNote,
  toCsv,
  totalVotes,
  parseExportLang,
  unitLevelLabel,
  type CsvCell,
  type ExportLang,
  type Summary,
  type CityData as SharedCityData,
  type CityPin,
  type LiftedIssue,
  type ResourceEntry,
} from '@tsunagu/shared';
import { orgDigests, type WorkshopDigest } from '../../city/digest.js';
import { encodeTextReplacing, parseCharset } from '../../exports/encoding.js';
import { attachmentName } from '../../exports/fileNames.js';
import { RenderBusyError, RenderError } from '../../exports/renderPage.js';
import { requireCoordinator } from '../../orgs/coordinator.js';
import type { OrgRecord, OrgWorkshopRow, UnitRecord } from '../../store/store.js';
import { createWorkshop } from '../../workshops/createWorkshop.js';
import { HttpError, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { districtName, mapOfUnit, unitView, type UnitView } from './orgs.js';
import { langParam, rendererOf, target } from './print.js';

export type CityData = SharedCityData<UnitView>;

interface Loaded {
  org: OrgRecord;
  units: UnitRecord[];
  unitById: Map<string, UnitRecord>;
  list: { workshop: OrgWorkshopRow; digest: WorkshopDigest }[];
}

/** Every digest of the organisation (stale ones recomputed from the public documents only). */
async function load(deps: RouteDeps, org: OrgRecord, pre?: { units: UnitRecord[]; rows: OrgWorkshopRow[] }): Promise<Loaded> {
  const units = pre?.units ?? (await deps.store.listUnits(org.id));
  return { org, units, unitById: new Map(units.map((u) => [u.id, u])), list: await orgDigests(deps, org.id, pre?.rows) };
}

/**
 * The last city answer of each organisation (a few kept per server), with what it was built
 * from: the organisation's name, its units and, per workshop, the stamps that make a digest
 * stale. While none of them changed, a repeated request (a coordinator reloading the map, a
 * second screen, the resource list asked for after the map) gets the same bytes without
 * reading the 30 digests again. Each view's bytes are made from the data when first asked.
 */
type CityView = 'full' | 'map' | 'resources';
const cityAnswers = new WeakMap<RouteDeps, Map<string, { signature: string; data: CityData; bodies: Map<CityView, string> }>>();
const CACHED_ORGS = 4;
function signatureOf(org: OrgRecord, units: readonly UnitRecord[], rows: readonly OrgWorkshopRow[]): string {
  return JSON.stringify([
    org.name,
    units.map((u) => [u.id, u.parentId, u.level, u.name, u.geometry?.length ?? 0]),
    rows.map((w) => [w.id, w.unitId, w.title, w.lastSeq, w.snapshotAt, w.joined]),
  ]);
}

const VIEWS: Record<CityView, (data: CityData) => unknown> = {
  full: (data) => data,
  map: (data) => packCityMap(data),
  resources: (data) => ({ resources: data.resources }),
};

/** The city answer of `view` for the coordinator's organisation, from the cache when nothing changed. */
async function cityAnswer(ctx: Ctx, deps: RouteDeps, view: CityView): Promise<void> {
  const { store } = deps;
  const { org } = await requireCoordinator(ctx, store);
  const [units, rows] = await Promise.all([store.listUnits(org.id), store.listOrgWorkshops(org.id)]);
  const signature = signatureOf(org, units, rows);
  let answers = cityAnswers.get(deps);
  if (!answers) cityAnswers.set(deps, (answers = new Map()));
  let entry = answers.get(org.id);
  if (entry?.signature !== signature) {
    entry = { signature, data: buildCityData(await load(deps, org, { units, rows })), bodies: new Map() };
    answers.delete(org.id);
    answers.set(org.id, entry);
    for (const key of answers.keys()) if (answers.size > CACHED_ORGS) answers.delete(key);
  }
  let body = entry.bodies.get(view);
  if (body === undefined) entry.bodies.set(view, (body = JSON.stringify(VIEWS[view](entry.data))));
  ctx.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  ctx.res.end(body);
}

/** The city view's data (issue 14): public items only, from the digests. */
export function buildCityData({ org, units, unitById, list }: Loaded): CityData {
  const pins: CityPin[] = [];
  const entries: ResourceEntry[] = [];
  const lifted: LiftedIssue[] = [];
  const categories = new Map<string, CityData['categories'][number]>();
  for (const { workshop: w, digest } of list) {
    const { data } = digest;
    const district = districtName(w, digest, unitById);
    const catById = new Map(data.categories.map((c) => [c.id, c]));
    for (const c of data.categories) if (!c.restricted && !categories.has(c.id)) categories.set(c.id, { id: c.id, label: c.label, color: c.color, kind: c.kind });
    const laneLabel = new Map(data.columns.map((c) => [c.id, c.label]));
    for (const item of data.items) {
      const cat = catById.get(item.category);
      if (!cat || cat.restricted) continue;
      if (item.lat !== undefined && item.lng !== undefined) {
        const areaName = areaNameOf(item, data.areas);
        pins.push({
          workshopId: w.id,
          unitId: w.unitId,
          itemId: item.id,
          kind: cat.kind,
          category: item.category,
          categoryLabel: cat.label,
          text: item.text,
          lat: item.lat,
          lng: item.lng,
          ...(areaName ? { areaName } : {}),
        });
        if (cat.kind === 'resource') entries.push({ workshopId: w.id, district, itemId: item.id, name: item.text, category: item.category, lat: item.lat, lng: item.lng });
      }
      if (item.liftedAt !== undefined)
        lifted.push({
          workshopId: w.id,
          unitId: w.unitId,
          district,
          itemId: item.id,
          text: item.text,
          category: item.category,
          lane: item.column,
          laneLabel: laneLabel.get(item.column) ?? item.column,
          votes: totalVotes(item),
          liftedAt: item.liftedAt,
        });
    }
  }
  const order = new Map(units.map((u, i) => [u.id, i]));
  lifted.sort((a, b) => (order.get(a.unitId ?? '') ?? 1e9) - (order.get(b.unitId ?? '') ?? 1e9) || a.liftedAt - b.liftedAt);
  return {
    org: { id: org.id, name: org.name },
    units: units.map((u) => unitView(u)),
    workshops: list.map(({ workshop: w, digest }) => ({ id: w.id, title: digest.data.meta.title || w.title, unitId: w.unitId, district: districtName(w, digest, unitById) })),
    pins,
    // each entry as a reference to its pin (which `pins` already carries with its position and
    // category): the answer for 9,000 pins stays a third smaller
    resources: mergeResources(entries).map((r) => ({ ...r, entries: r.entries.map(({ workshopId, district, itemId, name }) => ({ workshopId, district, itemId, name })) })),
    lifted,
    categories: [...categories.values()],
  };
}

function send(ctx: Ctx, type: string, body: Buffer | string, filename: string, extra: Record<string, string> = {}): void {
  ctx.res.writeHead(200, { 'content-type': type, 'content-disposition': attachmentName(filename), 'cache-control': 'no-store', ...extra });
  ctx.res.end(body);
}

function sendCsv(ctx: Ctx, text: string, filename: string): void {
  const charset = parseCharset(ctx.query.get('encoding') ?? ctx.query.get('charset'));
  const { body, replaced } = encodeTextReplacing(text, charset);
  const extra: Record<string, string> = replaced.length ? { 'x-replaced-characters': replaced.map(encodeURIComponent).join(' ') } : {};
  send(ctx, `text/csv; charset=${charset === 'cp932' ? 'Shift_JIS' : 'utf-8'}`, body, filename, extra);
}

/**
 * The districts side by side and summed. A city-level workshop (its unit is of level `city`,
 * or its notes were lifted from districts: `fromDistrict`) is left out: its notes are the
 * districts' own, already counted where they were written.
 */
function citySummaryOf({ list, unitById }: Loaded, lang: ExportLang = 'ja'): ReturnType<typeof buildCitySummary> {
  const districts = list.filter(({ workshop: w, digest }) => {
    const unit = w.unitId ? unitById.get(w.unitId) : undefined;
    return unit?.level !== 'city' && !digest.data.items.some((i) => i.fromDistrict !== undefined);
  });
  return buildCitySummary(districts.map(({ workshop: w, digest }) => ({ workshopId: w.id, unit: districtName(w, digest, unitById), summary: summaryIn(digest, lang) })));
}

/**
 * A district's summary in `lang`. The digest keeps the Japanese one; the English one is built
 * again from the digest's public data (labels of categories, lanes and sectors in English),
 * with the same counts of who joined.
 */
function summaryIn(digest: WorkshopDigest, lang: ExportLang): Summary {
  if (lang === 'ja') return digest.summary;
  const joined = digest.summary.participants.flatMap((p) => Array.from({ length: p.joined }, () => ({ kind: p.kind })));
  return buildSummary(digest.data, { joined, lang });
}

/**
 * Issue 14, the city (docs/PROTOCOL.md «Organisations»): the city view's data and summary,
 * its exports (GeoJSON, CSV, summary CSV, A3/A1 PDF of the client's print page) and a
 * city-level workshop made from the lifted issues. Coordinator of `:org` only. Built from
 * the workshops' digests: public items only; the restricted documents are never opened.
 */
export function register(router: Router, deps: RouteDeps): void {
  const { store } = deps;

  router.get('/api/orgs/:org/city', (ctx) => cityAnswer(ctx, deps, 'full'));
  router.get('/api/orgs/:org/city/map', (ctx) => cityAnswer(ctx, deps, 'map'));
  router.get('/api/orgs/:org/city/resources', (ctx) => cityAnswer(ctx, deps, 'resources'));

  // `?lang=en` on the summary, the files and the PDF: English headers and labels (ids, names
  // and the items' own texts stay as written); without it the answers are as they always were
  router.get('/api/orgs/:org/city/summary', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    ctx.json(200, citySummaryOf(await load(deps, org), parseExportLang(ctx.query.get('lang'))));
  });

  router.get('/api/orgs/:org/city-summary.csv', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const lang = parseExportLang(ctx.query.get('lang'));
    const summary = citySummaryOf(await load(deps, org), lang);
    sendCsv(ctx, buildCitySummaryCsv(summary, lang), `${org.name}_${lang === 'en' ? 'city-summary' : '市全体のまとめ'}.csv`);
  });

  router.get('/api/orgs/:org/city.geojson', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const lang = parseExportLang(ctx.query.get('lang'));
    const { list, unitById } = await load(deps, org);
    const features = list.flatMap(({ workshop: w, digest }) => {
      const unit = w.unitId ? unitById.get(w.unitId) : undefined;
      return buildGeoJson(digest.data, {}, lang).features.map((f) => ({
        ...f,
        id: `${w.id}:${f.id}`,
        properties: {
          ...f.properties,
          workshopId: w.id,
          workshopTitle: digest.data.meta.title,
          district: districtName(w, digest, unitById),
          unitId: w.unitId,
          unitName: unit?.name ?? '',
          unitLevel: unit?.level ?? '',
          // English only, so the Japanese file stays as it was
          ...(lang === 'en' ? { unitLevelLabel: unitLevelLabel(unit?.level, lang) } : {}),
        },
      }));
    });
    const collection = lang === 'en' ? { type: 'FeatureCollection', name: org.name, lang, features } : { type: 'FeatureCollection', name: org.name, features };
    send(ctx, 'application/geo+json; charset=utf-8', JSON.stringify(collection, null, 1), `${org.name}_${lang === 'en' ? 'city' : '市全体'}.geojson`);
  });

  router.get('/api/orgs/:org/city.csv', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const lang = parseExportLang(ctx.query.get('lang'));
    const { list, unitById } = await load(deps, org);
    const rows: CsvCell[][] = [];
    for (const { workshop: w, digest } of list) {
      const unit = w.unitId ? unitById.get(w.unitId) : undefined;
      const [header, ...body] = buildCsvRows(digest.data, {}, lang);
      if (rows.length === 0) rows.push([...CITY_CSV_LEAD[lang], ...header!]);
      for (const r of body) rows.push([unit?.name ?? districtName(w, digest, unitById), unitLevelLabel(unit?.level, lang), digest.data.meta.title, ...r]);
    }
    if (rows.length === 0) rows.push([...CITY_CSV_LEAD[lang], ...(lang === 'en' ? CSV_HEADERS_EN : CSV_HEADERS)]);
    sendCsv(ctx, toCsv(rows), `${org.name}_${lang === 'en' ? 'city' : '市全体'}.csv`);
  });

  router.get('/api/orgs/:org/city.pdf', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    if (!deps.config.staticDir) throw new HttpError(503, 'printing needs the built client (STATIC_DIR)');
    const paper = ctx.query.get('paper')?.toUpperCase() === 'A1' ? 'A1' : 'A3';
    try {
      const pdf = await rendererOf(deps).renderPdf(target(ctx, deps, `/o/${encodeURIComponent(org.id)}/city/print?paper=${paper}${langParam(ctx, '&')}`), paper);
      ctx.res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': attachmentName(`city-map-${paper}.pdf`), 'cache-control': 'no-store' });
      ctx.res.end(pdf);
    } catch (err) {
      if (err instanceof RenderBusyError) ctx.res.setHeader('Retry-After', '60');
      if (err instanceof RenderError) throw new HttpError(503, err.message);
      throw err;
    }
  });

  router.post('/api/orgs/:org/city-workshops', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
    const title = typeof body.title === 'string' ? body.title.trim() : '';
    if (!title || title.length > 100) throw new HttpError(400, 'title must be 1–100 characters');
    const loaded = await load(deps, org);
    const unitId = body.unitId === undefined || body.unitId === null || body.unitId === '' ? null : String(body.unitId);
    const unit = unitId ? loaded.unitById.get(unitId) : undefined;
    if (unitId && !unit) throw new HttpError(400, 'unitId is not a unit of this organisation');
    if (unit && unit.level !== 'city') throw new HttpError(400, 'a city-level workshop belongs to a unit of level city (or none)');
    const all = buildCityData(loaded).lifted;
    let chosen = all;
    if (body.lifted !== undefined) {
      if (!Array.isArray(body.lifted)) throw new HttpError(400, 'lifted must be a list of {workshopId, itemId}');
      const wanted = body.lifted as { workshopId?: unknown; itemId?: unknown }[];
      chosen = [];
      for (const w of wanted) {
        const hit = all.find((l) => l.workshopId === w?.workshopId && l.itemId === w?.itemId);
        if (!hit) throw new HttpError(400, `not a lifted issue of this organisation: ${String(w?.workshopId)}/${String(w?.itemId)}`);
        chosen.push(hit);
      }
    }
    const created = await createWorkshop(
      deps,
      { title, district: unit?.name ?? org.name, ...mapOfUnit(unit) },
      (doc, now) => {
        const cats = readCategories(doc);
        const fallback = cats.find((c) => c.kind === 'need' && !c.restricted)?.id ?? 'other';
        for (const l of chosen) {
          const category = cats.some((c) => c.id === l.category && !c.restricted) ? l.category : fallback;
          const slot = slotForNewNote(doc, 'pool');
          const id = addItem(doc, { text: l.text, category, column: 'pool', x: slot.x, y: slot.y }, { origin: SERVER, now, maxText: 10_000 });
          const m = getItemMap(doc, id)!;
          doc.transact(() => {
            m.set('carriedFrom', `${l.workshopId}:${l.itemId}`);
            m.set('fromDistrict', { workshopId: l.workshopId, unitId: l.unitId ?? '', name: l.district.slice(0, 100) });
          }, SERVER);
        }
      },
      { orgId: org.id, unitId },
    );
    ctx.json(201, created);
  });
}
