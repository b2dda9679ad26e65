import type * as Y from 'yjs';
import { areasMap, toYMap } from './roots.js';
import { checkId, checkString, type Problems } from './validate.js';

export const AREA_KINDS = ['jichikai', 'gakku', 'other'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];
export const AREA_KIND_LABELS: Record<AreaKind, { ja: string; en: string }> = {
  jichikai: { ja: '自治会', en: 'Neighbourhood association' },
  gakku: { ja: '小学校区', en: 'School district' },
  other: { ja: 'その他', en: 'Other' },
};

/** A ring of [lat, lng] points (not closed: the first point is not repeated). */
export type Polygon = [number, number][];

/** An outline on the map. Stored as Y.Map `{id, name, kind, polygon}` in `areas`. */
export interface Area {
  id: string;
  name: string;
  kind: AreaKind;
  polygon: Polygon;
}

export function validateArea(a: unknown): Problems {
  const p: Problems = [];
  if (typeof a !== 'object' || a === null) return ['area must be an object'];
  const r = a as Record<string, unknown>;
  checkId(p, 'area.id', r.id);
  checkString(p, 'area.name', r.name, 100);
  if (!(AREA_KINDS as readonly unknown[]).includes(r.kind)) p.push(`area.kind must be one of ${AREA_KINDS.join(', ')}`);
  if (!Array.isArray(r.polygon) || r.polygon.length < 3) p.push('area.polygon must have at least 3 points');
  else if (
    !r.polygon.every(
      (pt) => Array.isArray(pt) && pt.length === 2 && pt.every((n) => typeof n === 'number' && Number.isFinite(n)),
    )
  )
    p.push('area.polygon points must be [lat, lng] numbers');
  return p;
}

export function areaToYMap(a: Area): Y.Map<unknown> {
  return toYMap({ id: a.id, name: a.name, kind: a.kind, polygon: a.polygon });
}

export function readAreas(doc: Y.Doc): Area[] {
  const out: Area[] = [];
  areasMap(doc).forEach((m, id) => {
    out.push({
      id,
      name: String(m.get('name') ?? ''),
      kind: (AREA_KINDS as readonly unknown[]).includes(m.get('kind')) ? (m.get('kind') as AreaKind) : 'other',
      polygon: Array.isArray(m.get('polygon')) ? (m.get('polygon') as Polygon) : [],
    });
  });
  return out;
}

/** Ray casting point-in-polygon on [lat, lng] rings (fine at neighbourhood scale). */
export function pointInPolygon(lat: number, lng: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [yi, xi] = polygon[i]!;
    const [yj, xj] = polygon[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The smallest area containing the point (a 自治会 inside a 小学校区 wins). */
export function areaAt(areas: readonly Area[], lat: number, lng: number): Area | undefined {
  const hits = areas.filter((a) => a.polygon.length >= 3 && pointInPolygon(lat, lng, a.polygon));
  const size = (a: Area) => {
    // A loop, not Math.max(...points): spreading a big polygon overflows the call stack.
    let minLat = Infinity, maxLat = -Infinity, minLng = Infinity, maxLng = -Infinity;
    for (const [lat, lng] of a.polygon) {
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
    }
    return (maxLat - minLat) * (maxLng - minLng);
  };
  return hits.sort((a, b) => size(a) - size(b))[0];
}
