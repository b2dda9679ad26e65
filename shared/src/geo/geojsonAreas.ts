import type { Area, AreaKind, Polygon } from '../model/area.js';

/**
 * Read 自治会 / 小学校区 outlines from GeoJSON (a FeatureCollection, a Feature or a bare
 * geometry). GeoJSON positions are [lng, lat]; areas store [lat, lng] rings without the
 * closing point. A MultiPolygon keeps its largest part; holes are dropped (an outline is
 * what a workshop draws). Problems are reported per feature, never thrown.
 */

export interface AreaDraft {
  name: string;
  kind: AreaKind;
  polygon: Polygon;
}

export interface GeoJsonAreasResult {
  areas: AreaDraft[];
  problems: string[];
}

const KIND_WORDS: Record<string, AreaKind> = {
  jichikai: 'jichikai',
  自治会: 'jichikai',
  町内会: 'jichikai',
  chonaikai: 'jichikai',
  neighbourhood: 'jichikai',
  neighborhood: 'jichikai',
  gakku: 'gakku',
  school: 'gakku',
  school_district: 'gakku',
  小学校区: 'gakku',
  学区: 'gakku',
  校区: 'gakku',
};

/** Map a free `kind` property (school, 自治会, gakku, …) to an area kind. */
export function areaKindOf(value: unknown, name = ''): AreaKind {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (v && KIND_WORDS[v]) return KIND_WORDS[v]!;
  if (/自治会|町内会/.test(name)) return 'jichikai';
  if (/学区|校区/.test(name)) return 'gakku';
  return 'other';
}

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** A GeoJSON linear ring ([lng, lat][]) to an area polygon ([lat, lng][], open). */
export function ringToPolygon(ring: unknown): Polygon | null {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return null;
  const pts: Polygon = ring.map((p) => [p[1], p[0]]);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) pts.pop();
  if (pts.length < 3) return null;
  if (pts.some(([lat, lng]) => lat < -90 || lat > 90 || lng < -180 || lng > 180)) return null;
  return pts;
}

/** Area of a [lat, lng] ring in square degrees (shoelace; only used to compare sizes). */
export function polygonArea(polygon: Polygon): number {
  let s = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    s += (polygon[j]![1] + polygon[i]![1]) * (polygon[j]![0] - polygon[i]![0]);
  }
  return Math.abs(s / 2);
}

function geometryToPolygon(geom: unknown): Polygon | null {
  if (typeof geom !== 'object' || geom === null) return null;
  const g = geom as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return ringToPolygon(g.coordinates[0]);
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    const parts = g.coordinates
      .map((poly) => (Array.isArray(poly) ? ringToPolygon(poly[0]) : null))
      .filter((p): p is Polygon => p !== null);
    return parts.sort((a, b) => polygonArea(b) - polygonArea(a))[0] ?? null;
  }
  return null;
}

function nameOf(props: Record<string, unknown>, index: number): string {
  for (const k of ['name', 'Name', 'NAME', '名称', '名前', 'title', 'A27_004', 'S_NAME']) {
    const v = props[k];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 100);
  }
  return `区域${index + 1}`;
}

export function areasFromGeoJson(json: unknown): GeoJsonAreasResult {
  const problems: string[] = [];
  const areas: AreaDraft[] = [];
  if (typeof json !== 'object' || json === null) return { areas, problems: ['GeoJSON must be an object'] };
  const root = json as { type?: unknown; features?: unknown };
  const features: unknown[] =
    root.type === 'FeatureCollection' && Array.isArray(root.features)
      ? root.features
      : root.type === 'Feature'
        ? [root]
        : [{ type: 'Feature', properties: {}, geometry: root }];
  features.forEach((f, i) => {
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { properties?: unknown; geometry?: unknown };
    const props = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    const polygon = geometryToPolygon(feature.geometry);
    const name = nameOf(props, i);
    if (!polygon) {
      problems.push(`feature ${i + 1} (${name}): not a Polygon or MultiPolygon with at least 3 points`);
      return;
    }
    areas.push({ name, kind: areaKindOf(props.kind ?? props.type ?? props.種別, name), polygon });
  });
  if (root.type !== 'FeatureCollection' && root.type !== 'Feature' && areas.length === 0 && problems.length === 0)
    problems.push('no areas found');
  return { areas, problems };
}

/** Areas back to GeoJSON (for export and round trips). */
export function areasToGeoJson(areas: readonly Area[]): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      properties: { id: a.id, name: a.name, kind: a.kind },
      geometry: { type: 'Polygon', coordinates: [[...a.polygon, a.polygon[0]!].map(([lat, lng]) => [lng, lat])] },
    })),
  };
}
