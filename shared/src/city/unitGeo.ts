/**
 * Unit outlines (issue 14) as GeoJSON geometries: Polygon or MultiPolygon, positions
 * [lng, lat]. Validation for the import, a centroid for nesting, point-in-polygon with holes,
 * and the bounds a new workshop's map opens on.
 */
export type Position = [number, number];
export type UnitGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isRing = (r: unknown): r is Position[] => Array.isArray(r) && r.length >= 4 && r.length <= 20_000 && r.every(isPosition);
const isPolygonCoords = (c: unknown): c is Position[][] => Array.isArray(c) && c.length >= 1 && c.every(isRing);

/** The geometry as a clean Polygon/MultiPolygon (positions cut to [lng, lat]), or a reason why not. */
export function parseUnitGeometry(g: unknown): { geometry: UnitGeometry } | { error: string } {
  if (typeof g !== 'object' || g === null) return { error: 'no geometry' };
  const r = g as { type?: unknown; coordinates?: unknown };
  const cut = (ring: Position[]): Position[] => ring.map((p) => [p[0], p[1]]);
  if (r.type === 'Polygon') {
    if (!isPolygonCoords(r.coordinates)) return { error: 'a Polygon needs rings of at least 4 [lng, lat] positions' };
    return { geometry: { type: 'Polygon', coordinates: r.coordinates.map(cut) } };
  }
  if (r.type === 'MultiPolygon') {
    if (!Array.isArray(r.coordinates) || r.coordinates.length === 0 || !r.coordinates.every(isPolygonCoords)) return { error: 'a MultiPolygon needs polygons of rings of at least 4 [lng, lat] positions' };
    return { geometry: { type: 'MultiPolygon', coordinates: (r.coordinates as Position[][][]).map((p) => p.map(cut)) } };
  }
  return { error: `geometry type ${typeof r.type === 'string' ? r.type : '?'} is not a Polygon or MultiPolygon` };
}

const polygonsOf = (g: UnitGeometry): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

function inRing(pt: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether [lng, lat] lies inside the geometry (inside an outer ring and outside its holes). */
export function geometryContains(g: UnitGeometry, pt: Position): boolean {
  return polygonsOf(g).some(([outer, ...holes]) => !!outer && inRing(pt, outer) && !holes.some((h) => inRing(pt, h)));
}

/** Signed area and centroid of a ring, computed relative to its first vertex (no precision lost to large coordinates). */
function ringAreaCentroid(ring: readonly Position[]): { a: number; x: number; y: number } {
  const [ox, oy] = ring[0]!;
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const x0 = ring[j]![0] - ox;
    const y0 = ring[j]![1] - oy;
    const x1 = ring[i]![0] - ox;
    const y1 = ring[i]![1] - oy;
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  a /= 2;
  return a === 0 ? { a, x: ox, y: oy } : { a, x: ox + x / (6 * a), y: oy + y / (6 * a) };
}

/** The area-weighted centroid of the outer rings, [lng, lat] (the vertex mean for degenerate rings). */
export function geometryCentroid(g: UnitGeometry): Position {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const [outer] of polygonsOf(g)) {
    if (!outer) continue;
    const r = ringAreaCentroid(outer);
    const w = Math.abs(r.a); // rings may wind either way
    if (w === 0) continue;
    area += w;
    cx += r.x * w;
    cy += r.y * w;
  }
  if (area !== 0) return [cx / area, cy / area];
  const pts = polygonsOf(g).flatMap((p) => p[0] ?? []);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

/** [[south, west], [north, east]] of the geometry. */
export function geometryBounds(g: UnitGeometry): [[number, number], [number, number]] {
  let s = 90;
  let w = 180;
  let n = -90;
  let e = -180;
  for (const poly of polygonsOf(g))
    for (const [lng, lat] of poly[0] ?? []) {
      s = Math.min(s, lat);
      n = Math.max(n, lat);
      w = Math.min(w, lng);
      e = Math.max(e, lng);
    }
  return [
    [s, w],
    [n, e],
  ];
}

/** A zoom level that fits the bounds on a ~1000 px wide map (web mercator), 10–18. */
export function zoomToFit(bounds: [[number, number], [number, number]], px = 1000): number {
  const [[s, w], [n, e]] = bounds;
  const spanLng = Math.max(e - w, 1e-6);
  const spanLat = Math.max(n - s, 1e-6) / Math.cos((((s + n) / 2) * Math.PI) / 180);
  const z = Math.log2((360 * px) / 256 / Math.max(spanLng, spanLat));
  return Math.max(10, Math.min(18, Math.floor(z)));
}
