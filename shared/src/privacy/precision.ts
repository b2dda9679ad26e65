import { areaAt, pointInPolygon, type Area, type Polygon } from '../model/area.js';

/**
 * Area precision for needs (issue 17): the public document never holds the exact point of a
 * need (困りごと) pin. Its lat/lng there is a *coarse point*:
 *
 * - inside an area (the smallest one containing the point): that area's representative point
 *   (`areaPoint`: the centroid when it lies inside the outline, else the interior sample
 *   farthest from the outline's edges; stable for a given outline);
 * - outside every area: the centre of its grid cell of about `gridMeters` (the workshop setting
 *   `meta.precisionM`, default 100 m).
 *
 * `coarsen` is pure and deterministic. `isCoarse(p)` holds when p is (within 1e-7°, about 1 cm)
 * an area's representative point or the centre of its own grid cell: everything `coarsen`
 * returns is coarse, so the server can check a write without rewriting it. Resources (public
 * places) keep their exact point; the exact point of a need lives in the restricted document
 * (root `exactPoints`).
 */

export const DEFAULT_PRECISION_M = 100;
export const MIN_PRECISION_M = 50;
export const MAX_PRECISION_M = 1000;
export const COARSE_EPSILON = 1e-7;
const METERS_PER_DEG_LAT = 111_320;

export type LatLng = readonly [number, number];

/** The precision setting from `meta.precisionM`, clamped; the default when absent or invalid. */
export function precisionMeters(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_PRECISION_M;
  return Math.min(MAX_PRECISION_M, Math.max(MIN_PRECISION_M, v));
}

/** The centre of the grid cell of about `gridMeters` that holds the point. */
export function gridCentre(lat: number, lng: number, gridMeters = DEFAULT_PRECISION_M): [number, number] {
  const latStep = gridMeters / METERS_PER_DEG_LAT;
  const row = Math.floor(lat / latStep);
  const cLat = (row + 0.5) * latStep;
  // The cell width depends on the row's centre latitude only, so every point of the row (and
  // the centre itself) falls in the same column: coarsening a centre gives the same centre.
  const lngStep = gridMeters / (METERS_PER_DEG_LAT * Math.max(0.01, Math.cos((cLat * Math.PI) / 180)));
  const col = Math.floor(lng / lngStep);
  return [cLat, (col + 0.5) * lngStep];
}

const repCache = new WeakMap<object, [number, number]>();

/** The representative point of an outline: its centroid when inside, else a well-inside sample. */
export function areaPoint(polygon: Polygon): [number, number] {
  const cached = repCache.get(polygon);
  if (cached) return cached;
  const rep = computeAreaPoint(polygon);
  repCache.set(polygon, rep);
  return rep;
}

function computeAreaPoint(polygon: Polygon): [number, number] {
  let a2 = 0;
  let cy = 0;
  let cx = 0;
  const [oy, ox] = polygon[0]!;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const yi = polygon[i]![0] - oy;
    const xi = polygon[i]![1] - ox;
    const yj = polygon[j]![0] - oy;
    const xj = polygon[j]![1] - ox;
    const cross = xj * yi - xi * yj;
    a2 += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  if (a2 !== 0) {
    const c: [number, number] = [oy + cy / (3 * a2), ox + cx / (3 * a2)];
    if (pointInPolygon(c[0], c[1], polygon)) return c;
  }
  // Not inside (a crescent, an L): the interior sample farthest from every edge.
  let s = Infinity, n = -Infinity, w = Infinity, e = -Infinity;
  for (const [lat, lng] of polygon) {
    if (lat < s) s = lat;
    if (lat > n) n = lat;
    if (lng < w) w = lng;
    if (lng > e) e = lng;
  }
  const steps = 24;
  let best: [number, number] = [polygon[0]![0], polygon[0]![1]];
  let bestD = -1;
  for (let i = 1; i < steps; i++) {
    for (let k = 1; k < steps; k++) {
      const lat = s + ((n - s) * i) / steps;
      const lng = w + ((e - w) * k) / steps;
      if (!pointInPolygon(lat, lng, polygon)) continue;
      const d = distanceToEdges(lat, lng, polygon);
      if (d > bestD) {
        bestD = d;
        best = [lat, lng];
      }
    }
  }
  return best;
}

function distanceToEdges(lat: number, lng: number, polygon: Polygon): number {
  let min = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ay, ax] = polygon[j]!;
    const [by, bx] = polygon[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((lng - ax) * dx + (lat - ay) * dy) / len2));
    const px = ax + t * dx - lng;
    const py = ay + t * dy - lat;
    const d = px * px + py * py;
    if (d < min) min = d;
  }
  return min;
}

/** The coarse point for a need at (lat, lng): its area's representative point, or its grid cell's centre. */
export function coarsen(lat: number, lng: number, areas: readonly Area[], gridMeters = DEFAULT_PRECISION_M): [number, number] {
  const area = areaAt(areas, lat, lng);
  if (area) return areaPoint(area.polygon);
  return gridCentre(lat, lng, gridMeters);
}

const near = (a: LatLng, lat: number, lng: number) => Math.abs(a[0] - lat) <= COARSE_EPSILON && Math.abs(a[1] - lng) <= COARSE_EPSILON;

/** True when the point is an area's representative point or the centre of its grid cell. */
export function isCoarse(lat: number, lng: number, areas: readonly Area[], gridMeters = DEFAULT_PRECISION_M): boolean {
  if (near(gridCentre(lat, lng, gridMeters), lat, lng)) return true;
  return areas.some((a) => a.polygon.length >= 3 && near(areaPoint(a.polygon), lat, lng));
}

/** Distance in metres between two points (equirectangular; fine at neighbourhood scale). */
export function metersBetween(a: LatLng, b: LatLng): number {
  const dLat = (b[0] - a[0]) * METERS_PER_DEG_LAT;
  const dLng = (b[1] - a[1]) * METERS_PER_DEG_LAT * Math.cos((((a[0] + b[0]) / 2) * Math.PI) / 180);
  return Math.hypot(dLat, dLng);
}
