import { UNIT_LEVELS as SHARED_UNIT_LEVELS, unpackCityPins, type CityMapData, type CityResource, type CitySummary, type CreatedWorkshop, type CityData as SharedCityData, type Lang, type UnitLevel, type WorkshopStatus } from '@tsunagu/shared';
import { ApiError } from '../sync/api.js';

/**
 * The organisation API (docs/PROTOCOL.md «Organisations»): every call carries the
 * coordinator's token. Errors carry the server's message (ApiError with the status).
 */
export type { UnitLevel, WorkshopStatus } from '@tsunagu/shared';
/** The levels from the top (市) down, as the forms list them. */
export const UNIT_LEVELS: readonly UnitLevel[] = [...SHARED_UNIT_LEVELS].reverse();

export interface OrgInfo {
  id: string;
  name: string;
  workshopCreation: 'open' | 'coordinators';
  units: number;
  workshops: number;
}

export interface Unit {
  id: string;
  parentId: string | null;
  level: UnitLevel;
  name: string;
  geometry?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null;
}

export interface OrgWorkshop {
  id: string;
  title: string;
  district: string;
  unitId: string | null;
  unitName: string | null;
  createdAt: number;
  lastActivityAt: number | null;
  status: WorkshopStatus;
  counts: { items: number; pins: number; participants: number; lifted: number };
  carriedFrom?: string | null;
}

export type { CityPin, LiftedIssue, CityCategory } from '@tsunagu/shared';
export type CityData = SharedCityData<Unit>;
/** The map's part of the city data (`/city/map`, pins unpacked): no resource list, no lifted issues. */
export type CityMapView = Omit<CityData, 'resources' | 'lifted'>;

export interface ImportResult {
  created: number;
  units: Unit[];
  skipped: { index: number; reason: string }[];
}

async function call<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (init.body) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { ...init, headers });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  return body as T;
}

/**
 * The city map's data requested once ahead of the page's code (cityRoutes.tsx starts it while
 * the map's chunk loads); the map tab takes it, or asks again when there is none.
 */
const early = new Map<string, Promise<CityMapView>>();
export function prefetchCity(org: string, token: string): void {
  if (!early.has(org)) early.set(org, orgApi(org, token).cityMap());
}
export function takeCity(org: string): Promise<CityMapView> | null {
  const p = early.get(org) ?? null;
  early.delete(org);
  return p;
}

const base = (org: string) => `/api/orgs/${encodeURIComponent(org)}`;

export function orgApi(org: string, token: string) {
  const b = base(org);
  const post = <T>(path: string, body: unknown) => call<T>(b + path, token, { method: 'POST', body: JSON.stringify(body) });
  return {
    info: () => call<OrgInfo>(b, token),
    units: () => call<{ units: Unit[] }>(`${b}/units`, token).then((r) => r.units),
    addUnit: (input: { name: string; level: UnitLevel; parentId?: string; geometry?: unknown }) => post<{ unit: Unit }>('/units', input).then((r) => r.unit),
    importUnits: (input: { geojson: unknown; level: UnitLevel; nameProperty: string; levelProperty?: string; parentId?: string }) => post<ImportResult>('/units/import', input),
    deleteUnit: (id: string) => call<void>(`${b}/units/${encodeURIComponent(id)}`, token, { method: 'DELETE' }),
    /** Rename a unit, give it another parent (null: none) or level (PATCH; the server checks the tree). */
    editUnit: (id: string, change: { name?: string; parentId?: string | null; level?: UnitLevel }) =>
      call<{ unit: Unit }>(`${b}/units/${encodeURIComponent(id)}`, token, { method: 'PATCH', body: JSON.stringify(change) }).then((r) => r.unit),
    /** Move a workshop into another unit of the organisation (null: 区分なし). */
    moveWorkshop: (id: string, unitId: string | null) =>
      call<{ id: string; unitId: string | null; unitName: string }>(`${b}/workshops/${encodeURIComponent(id)}`, token, { method: 'PATCH', body: JSON.stringify({ unitId }) }),
    workshops: (q: { unit?: string; status?: string; q?: string } = {}) => {
      const p = new URLSearchParams(Object.entries(q).filter(([, v]) => !!v) as [string, string][]);
      const qs = p.toString();
      return call<{ workshops: OrgWorkshop[] }>(`${b}/workshops${qs ? `?${qs}` : ''}`, token).then((r) => r.workshops);
    },
    createWorkshop: (input: { title: string; unitId: string; district?: string }) => post<CreatedWorkshop>('/workshops', input),
    open: (id: string) => post<{ token: string; hostUrl: string; boardUrl: string }>(`/workshops/${encodeURIComponent(id)}/open`, {}),
    continueWorkshop: (id: string, title?: string) => post<CreatedWorkshop>(`/workshops/${encodeURIComponent(id)}/continue`, title ? { title } : {}),
    end: (id: string, ended: boolean) => post<{ status: WorkshopStatus }>(`/workshops/${encodeURIComponent(id)}/end`, { ended }),
    city: () => call<CityData>(`${b}/city`, token),
    /** The map's data (`/city/map`: pins as columns, unpacked here). */
    cityMap: () =>
      call<CityMapData<Unit>>(`${b}/city/map`, token).then((m): CityMapView => ({ org: m.org, units: m.units, workshops: m.workshops, categories: m.categories, pins: unpackCityPins(m) })),
    /** The merged resource list (`/city/resources`), asked for once the map is drawn. */
    cityResources: () => call<{ resources: CityResource[] }>(`${b}/city/resources`, token).then((r) => r.resources),
    /** The city summary; in English (labels of categories, lanes, sectors) with `lang: 'en'`. */
    summary: (lang: Lang = 'ja') => call<CitySummary>(`${b}/city/summary${lang === 'en' ? '?lang=en' : ''}`, token),
    createCityWorkshop: (input: { title: string; unitId?: string; lifted?: { workshopId: string; itemId: string }[] }) => post<CreatedWorkshop>('/city-workshops', input),
  };
}
export type OrgApi = ReturnType<typeof orgApi>;

/** Download an export that needs the coordinator's token (a plain link cannot carry it). */
export async function downloadWithToken(path: string, token: string, filename: string): Promise<void> {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Lift an issue note to the city (facilitator of the district workshop). */
export async function liftIssue(workshopId: string, token: string, itemId: string, lifted: boolean): Promise<{ limit?: number }> {
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/lift`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ itemId, lifted }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string; reason?: string; limit?: number };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
  return body;
}
