import {
  continueWorkshop,
  geometryBounds,
  geometryCentroid,
  geometryContains,
  isUnitLevel,
  isWorkshopId,
  newId,
  parentLevelProblem,
  parseUnitGeometry,
  readMeta,
  UNIT_LEVELS,
  validateMetaInput,
  zoomToFit,
  type MetaInput,
  type UnitGeometry,
  type UnitLevel,
  type WorkshopStatus,
} from '@tsunagu/shared';
import { hashToken, newToken } from '../../auth/tokens.js';
import { orgDigests, type WorkshopDigest } from '../../city/digest.js';
import { requireCoordinator } from '../../orgs/coordinator.js';
import type { OrgWorkshopRow, UnitRecord } from '../../store/store.js';
import { createWorkshop } from '../../workshops/createWorkshop.js';
import { isLoopback } from '../clientAddress.js';
import { HttpError, readBody, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/** The unit import's bounds (issue 14): bigger files are refused with 400 and nothing is stored. */
export const MAX_UNIT_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_UNIT_FEATURES = 500;

/** A unit as the organisation API answers it. */
export interface UnitView {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  geometry?: UnitGeometry;
}

export function unitView(u: UnitRecord, withGeometry = true): UnitView {
  const view: UnitView = { id: u.id, parentId: u.parentId, level: u.level, name: u.name };
  if (withGeometry && u.geometry) view.geometry = JSON.parse(u.geometry) as UnitGeometry;
  return view;
}

/** 準備中 (nobody joined, nothing beyond the template), 開催中, 終了 (marked by a coordinator or the facilitator). */
export function statusOf(w: OrgWorkshopRow, digest: WorkshopDigest | undefined): WorkshopStatus {
  if (w.endedAt) return 'ended';
  if (w.joined > 0 || (digest?.counts.items ?? 0) > 0) return 'running';
  return 'preparing';
}

/** The name a workshop's district goes by in the city view: its unit's, else its own district, else its title. */
export function districtName(w: OrgWorkshopRow, digest: WorkshopDigest, units: ReadonlyMap<string, UnitRecord>): string {
  return (w.unitId ? units.get(w.unitId)?.name : undefined) || digest.data.meta.district || digest.data.meta.title;
}

const normalise = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

export function str(v: unknown, what: string, max: number, required = true): string {
  if (v === undefined || v === null || v === '') {
    if (required) throw new HttpError(400, `${what} is required`);
    return '';
  }
  if (typeof v !== 'string') throw new HttpError(400, `${what} must be a string`);
  const t = v.trim();
  if ((required && t === '') || t.length > max) throw new HttpError(400, `${what} must be 1–${max} characters`);
  return t;
}

export async function readObject(ctx: Ctx, limit: number): Promise<Record<string, unknown>> {
  const body = await ctx.readJson(limit);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

/** The workshop `:id` of the organisation (404 for a workshop of another organisation: nothing leaks). */
export async function orgWorkshop(deps: RouteDeps, orgId: string, id: string | undefined) {
  if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
  const w = await deps.store.getWorkshop(id);
  if (!w || (w.orgId ?? 'default') !== orgId) throw new HttpError(404, 'no such workshop in this organisation');
  return w;
}

/** Where a new workshop of a unit opens its map: the unit outline's centre and a zoom that fits it. */
export function mapOfUnit(unit: UnitRecord | undefined): { center?: [number, number]; zoom?: number } {
  if (!unit?.geometry) return {};
  const g = JSON.parse(unit.geometry) as UnitGeometry;
  const [lng, lat] = geometryCentroid(g);
  return { center: [lat, lng], zoom: zoomToFit(geometryBounds(g)) };
}

/**
 * Issue 14, the organisation API (docs/PROTOCOL.md «Organisations»): every route needs a
 * coordinator token of `:org` (requireCoordinator: 401 without one or with any workshop
 * token, 403 for another organisation's coordinator). Also `GET /api/local/coordinator-link`
 * (the laptop's start page, loopback only).
 */
export function register(router: Router, deps: RouteDeps): void {
  const { store, config } = deps;

  router.get('/api/local/coordinator-link', (ctx) => {
    const host = (ctx.req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const local = isLoopback(ctx.req.socket.remoteAddress ?? '') && (host === 'localhost' || host === '127.0.0.1' || host === '[::1]');
    const token = deps.localCoordinatorToken?.() ?? null;
    if (!local || !token) throw new HttpError(404, 'not found');
    ctx.json(200, { url: `http://${ctx.req.headers.host}/o/default#token=${token}` });
  });

  router.get('/api/orgs/:org', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const [units, workshops] = await Promise.all([store.listUnits(org.id), store.listOrgWorkshops(org.id)]);
    ctx.json(200, { id: org.id, name: org.name, workshopCreation: config.workshopCreation, units: units.length, workshops: workshops.length });
  });

  // ---- units -------------------------------------------------------------------------------

  router.get('/api/orgs/:org/units', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    ctx.json(200, { units: (await store.listUnits(org.id)).map((u) => unitView(u)) });
  });

  router.post('/api/orgs/:org/units', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const body = await readObject(ctx, MAX_UNIT_IMPORT_BYTES);
    const name = str(body.name, 'name', 100);
    if (!isUnitLevel(body.level)) throw new HttpError(400, `level must be one of ${UNIT_LEVELS.join(', ')}`);
    const units = await store.listUnits(org.id);
    const parentId = body.parentId === undefined || body.parentId === null ? null : String(body.parentId);
    const parent = parentId === null ? undefined : units.find((u) => u.id === parentId);
    if (parentId !== null && !parent) throw new HttpError(400, 'parentId is not a unit of this organisation');
    const low = parent && parentLevelProblem(parent, body.level, name);
    if (low) throw new HttpError(low.status, low.message);
    let geometry: string | null = null;
    if (body.geometry !== undefined && body.geometry !== null) {
      const g = parseUnitGeometry(body.geometry);
      if ('error' in g) throw new HttpError(400, `geometry: ${g.error}`);
      geometry = JSON.stringify(g.geometry);
    }
    const unit: UnitRecord = { id: newId(12), orgId: org.id, parentId, level: body.level, name, geometry, createdAt: Date.now() };
    await store.addUnits([unit]);
    ctx.json(201, { unit: unitView(unit) });
  });

  router.post('/api/orgs/:org/units/import', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    let raw: Buffer;
    try {
      raw = await readBody(ctx.req, MAX_UNIT_IMPORT_BYTES);
    } catch (err) {
      if (err instanceof HttpError && err.status === 413) throw new HttpError(400, `the GeoJSON is larger than ${MAX_UNIT_IMPORT_BYTES / 1024 / 1024} MB; split it or simplify the outlines`);
      throw err;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new HttpError(400, 'request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be a JSON object');
    const existing = await store.listUnits(org.id);
    const result = planUnitImport(body, existing, org.id, Date.now());
    if (result.units.length) await store.addUnits(result.units);
    ctx.json(201, { created: result.units.length, units: result.units.map((u) => unitView(u)), skipped: result.skipped });
  });

  router.delete('/api/orgs/:org/units/:unit', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const r = await store.deleteUnit(org.id, ctx.params.unit ?? '');
    if (r === 'missing') throw new HttpError(404, 'no such unit');
    if (r === 'in-use') throw new HttpError(409, 'workshops or smaller units belong to this unit; move or delete them first');
    ctx.res.writeHead(204, { 'cache-control': 'no-store' });
    ctx.res.end();
  });

  // ---- workshops ---------------------------------------------------------------------------

  router.get('/api/orgs/:org/workshops', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const units = await store.listUnits(org.id);
    const unitById = new Map(units.map((u) => [u.id, u]));
    const list = await orgDigests(deps, org.id);
    const unitFilter = ctx.query.get('unit');
    const within = unitFilter ? descendantsOf(units, unitFilter) : null;
    const status = ctx.query.get('status');
    const q = normalise(ctx.query.get('q') ?? '');
    const order = new Map(units.map((u, i) => [u.id, i]));
    const rows = list
      .map(({ workshop: w, digest }) => {
        const unit = w.unitId ? unitById.get(w.unitId) : undefined;
        const lastItem = digest.data.items.reduce((m, i) => Math.max(m, i.updatedAt), 0);
        return {
          id: w.id,
          title: digest.data.meta.title || w.title,
          district: digest.data.meta.district,
          unitId: w.unitId,
          unitName: unit?.name ?? '',
          createdAt: w.createdAt,
          lastActivityAt: Math.max(w.lastActivityAt ?? 0, lastItem, w.createdAt),
          status: statusOf(w, digest),
          counts: { items: digest.counts.items, pins: digest.counts.pins, participants: w.joined, lifted: digest.counts.lifted },
          ...(digest.data.meta.continuesFrom ? { carriedFrom: digest.data.meta.continuesFrom } : {}),
        };
      })
      .filter((r) => !within || (r.unitId !== null && within.has(r.unitId)))
      .filter((r) => !status || r.status === status)
      .filter((r) => !q || normalise(`${r.title} ${r.district} ${r.unitName}`).includes(q))
      .sort((a, b) => (order.get(a.unitId ?? '') ?? 1e9) - (order.get(b.unitId ?? '') ?? 1e9) || a.createdAt - b.createdAt);
    ctx.json(200, { workshops: rows });
  });

  router.post('/api/orgs/:org/workshops', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const body = await readObject(ctx, config.limits.maxJsonBytes);
    const unitId = body.unitId === undefined || body.unitId === null || body.unitId === '' ? null : String(body.unitId);
    const unit = unitId ? (await store.listUnits(org.id)).find((u) => u.id === unitId) : undefined;
    if (unitId && !unit) throw new HttpError(400, 'unitId is not a unit of this organisation');
    const input: MetaInput = { ...mapOfUnit(unit), title: body.title as string, district: (body.district as string | undefined) ?? unit?.name ?? '' };
    if (body.center !== undefined) input.center = body.center as [number, number];
    if (body.zoom !== undefined) input.zoom = body.zoom as number;
    const problems = validateMetaInput(input);
    if (problems.length) throw new HttpError(400, problems.join('; '));
    ctx.json(201, await createWorkshop(deps, input, undefined, { orgId: org.id, unitId }));
  });

  router.post('/api/orgs/:org/workshops/:id/open', async (ctx) => {
    const { org, coordinator } = await requireCoordinator(ctx, store);
    const w = await orgWorkshop(deps, org.id, ctx.params.id);
    const token = newToken();
    const now = Date.now();
    await store.addToken(hashToken(token), { workshopId: w.id, role: 'facilitator', name: '', kind: '', createdAt: now });
    await store.logAccess({ workshopId: w.id, at: now, action: 'coordinator-open', role: 'coordinator', name: coordinator.name, detail: `org=${org.id}` });
    const base = deps.publicUrl();
    ctx.json(200, { token, hostUrl: `${base}/w/${w.id}/host#token=${token}`, boardUrl: `${base}/w/${w.id}#token=${token}` });
  });

  router.post('/api/orgs/:org/workshops/:id/continue', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const w = await orgWorkshop(deps, org.id, ctx.params.id);
    const body = await readObject(ctx, config.limits.maxJsonBytes).catch((err: unknown) => {
      if (err instanceof HttpError && /empty/.test(err.message)) return {} as Record<string, unknown>;
      throw err;
    });
    const requested = typeof body.title === 'string' ? body.title.trim() : '';
    if (requested.length > 100) throw new HttpError(400, 'title must be at most 100 characters');
    const from = await deps.rooms.open(w.id);
    try {
      const meta = readMeta(from.doc);
      const title = requested || `${meta.title.replace(/（第\d+回）$/, '')}（第${meta.session + 1}回）`.slice(0, 100);
      const created = await createWorkshop(
        deps,
        { title, district: meta.district, center: meta.center, zoom: meta.zoom },
        (doc, now) => continueWorkshop(from.doc, doc, { fromWorkshopId: w.id, title, now }),
        { orgId: org.id, unitId: w.unitId ?? null },
      );
      ctx.json(201, created);
    } finally {
      from.release();
    }
  });

  router.post('/api/orgs/:org/workshops/:id/end', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const w = await orgWorkshop(deps, org.id, ctx.params.id);
    const body = await readObject(ctx, config.limits.maxJsonBytes);
    if (typeof body.ended !== 'boolean') throw new HttpError(400, 'ended must be true or false');
    await store.setWorkshopEnded(w.id, body.ended ? Date.now() : null);
    const row = (await store.listOrgWorkshops(org.id)).find((r) => r.id === w.id)!;
    const digest = body.ended ? undefined : (await orgDigests(deps, org.id, [row]))[0]?.digest;
    ctx.json(200, { status: statusOf(row, digest) });
  });
}

/** A unit and every unit below it. */
export function descendantsOf(units: readonly UnitRecord[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

/**
 * Check a unit import and plan the units it creates (nothing is stored when it throws):
 * `{geojson: FeatureCollection, level, nameProperty, levelProperty?, parentId?}`. Each
 * polygon feature with a name becomes a unit of `level` (or of its `levelProperty` value when
 * that is a level id); without `parentId` it nests under the unit of the nearest higher level
 * (existing or created by this import) whose outline holds its centroid.
 */
export function planUnitImport(
  body: Record<string, unknown>,
  existing: readonly UnitRecord[],
  orgId: string,
  now: number,
): { units: UnitRecord[]; skipped: { index: number; reason: string }[] } {
  const fc = body.geojson as { type?: unknown; features?: unknown } | undefined;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new HttpError(400, 'geojson must be a GeoJSON FeatureCollection');
  if (!isUnitLevel(body.level)) throw new HttpError(400, `level must be one of ${UNIT_LEVELS.join(', ')}`);
  const level = body.level;
  const nameProperty = typeof body.nameProperty === 'string' && body.nameProperty.trim() ? body.nameProperty.trim() : '';
  if (!nameProperty) throw new HttpError(400, 'nameProperty (the property holding each unit’s name) is required');
  const levelProperty = typeof body.levelProperty === 'string' && body.levelProperty.trim() ? body.levelProperty.trim() : '';
  const parentId = body.parentId === undefined || body.parentId === null || body.parentId === '' ? null : String(body.parentId);
  if (parentId && !existing.some((u) => u.id === parentId)) throw new HttpError(400, 'parentId is not a unit of this organisation');
  const features = fc.features as unknown[];
  if (features.length > MAX_UNIT_FEATURES) throw new HttpError(400, `the file has ${features.length} features; at most ${MAX_UNIT_FEATURES} are imported at once`);
  const skipped: { index: number; reason: string }[] = [];
  const drafts: { index: number; name: string; level: UnitLevel; geometry: UnitGeometry }[] = [];
  let polygons = 0;
  let named = 0;
  features.forEach((f, index) => {
    const feat = f as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
    if (!feat || typeof feat !== 'object' || feat.type !== 'Feature') return skipped.push({ index, reason: 'not a Feature' });
    const g = parseUnitGeometry(feat.geometry);
    if ('error' in g) return skipped.push({ index, reason: g.error });
    polygons++;
    const props = (feat.properties && typeof feat.properties === 'object' ? feat.properties : {}) as Record<string, unknown>;
    const rawName = props[nameProperty];
    const name = typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName).trim() : '';
    if (!name) return skipped.push({ index, reason: `no property ${nameProperty}` });
    if (name.length > 100) return skipped.push({ index, reason: 'name longer than 100 characters' });
    named++;
    const own = levelProperty ? props[levelProperty] : undefined;
    drafts.push({ index, name, level: isUnitLevel(own) ? own : level, geometry: g.geometry });
  });
  if (polygons === 0) throw new HttpError(400, 'the file holds no Polygon or MultiPolygon features');
  if (named === 0) throw new HttpError(400, `no feature has the name property “${nameProperty}”`);
  // higher levels first, so a 自治会 of the same file nests in its 小学校区
  drafts.sort((a, b) => UNIT_LEVELS.indexOf(b.level) - UNIT_LEVELS.indexOf(a.level) || a.index - b.index);
  const all: UnitRecord[] = [...existing];
  const created: UnitRecord[] = [];
  for (const d of drafts) {
    let parent = parentId;
    if (!parent) {
      const c = geometryCentroid(d.geometry);
      const rank = UNIT_LEVELS.indexOf(d.level);
      let best: UnitRecord | undefined;
      for (const u of all) {
        const r = UNIT_LEVELS.indexOf(u.level as UnitLevel);
        if (r <= rank || !u.geometry) continue;
        if (best && r >= UNIT_LEVELS.indexOf(best.level as UnitLevel)) continue; // the nearest higher level wins
        if (geometryContains(JSON.parse(u.geometry) as UnitGeometry, c)) best = u;
      }
      parent = best?.id ?? null;
    }
    const unit: UnitRecord = { id: newId(12), orgId, parentId: parent, level: d.level, name: d.name, geometry: JSON.stringify(d.geometry), createdAt: now };
    all.push(unit);
    created.push(unit);
  }
  return { units: created, skipped };
}
