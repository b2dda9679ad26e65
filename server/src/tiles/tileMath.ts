/** Slippy-map (Web Mercator, XYZ) tile arithmetic. */

export const MIN_TILE_ZOOM = 0;
export const MAX_TILE_ZOOM = 20;

/** The XYZ tile holding a point at zoom z (standard formula; clamped to the world). */
export function tileOf(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const latRad = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** A bounding box in degrees. */
export interface BBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The tile ranges covering a bbox for zooms minZoom..maxZoom (inclusive). */
export function rangesFor(bbox: BBox, minZoom: number, maxZoom: number): TileRange[] {
  const out: TileRange[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const nw = tileOf(bbox.north, bbox.west, z);
    const se = tileOf(bbox.south, bbox.east, z);
    out.push({ z, minX: nw.x, maxX: se.x, minY: nw.y, maxY: se.y });
  }
  return out;
}

export function countTiles(ranges: readonly TileRange[]): number {
  return ranges.reduce((s, r) => s + (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1), 0);
}

/** How many distinct tiles the ranges hold (areas' ranges may overlap). */
export function uniqueTileCount(ranges: readonly TileRange[]): number {
  const zs = ranges.map((r) => r.z);
  if (new Set(zs).size === zs.length) return countTiles(ranges);
  let n = 0;
  for (const _ of tilesOf(ranges)) n++;
  return n;
}

/** Every tile of the ranges, deduplicated (ranges of several areas may overlap). */
export function* tilesOf(ranges: readonly TileRange[]): Generator<{ z: number; x: number; y: number }> {
  const seen = new Set<string>();
  for (const r of ranges)
    for (let x = r.minX; x <= r.maxX; x++)
      for (let y = r.minY; y <= r.maxY; y++) {
        const k = `${r.z}/${x}/${y}`;
        if (seen.has(k)) continue;
        seen.add(k);
        yield { z: r.z, x, y };
      }
}

/** The bbox of a ring of [lat, lng] points. */
export function bboxOfPoints(points: readonly [number, number][]): BBox {
  let south = 90,
    north = -90,
    west = 180,
    east = -180;
  for (const [lat, lng] of points) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lng);
    east = Math.max(east, lng);
  }
  return { south, west, north, east };
}

/** A square bbox of `radiusM` metres around a point. */
export function bboxAround(lat: number, lng: number, radiusM: number): BBox {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
  return { south: lat - dLat, north: lat + dLat, west: lng - dLng, east: lng + dLng };
}

/**
 * Parse `z`, `x` and `y` path segments strictly: decimal digits only, z in 0..20 and x, y
 * in 0..2^z-1. Anything else (signs, dots, traversal, huge numbers) is null.
 */
export function parseTileCoords(zs: string, xs: string, ys: string): { z: number; x: number; y: number } | null {
  if (![zs, xs, ys].every((s) => /^\d{1,7}$/.test(s))) return null;
  const z = Number(zs),
    x = Number(xs),
    y = Number(ys);
  if (z < MIN_TILE_ZOOM || z > MAX_TILE_ZOOM) return null;
  const n = 2 ** z;
  if (x >= n || y >= n) return null;
  return { z, x, y };
}

/** The image type of tile bytes by their magic number, or null when not PNG, JPEG or WebP. */
export function imageTypeOf(b: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50)
    return 'image/webp';
  return null;
}
