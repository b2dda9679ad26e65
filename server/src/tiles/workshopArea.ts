import { readWorkshopData } from '@tsunagu/shared';
import type { RoomManager } from '../sync/roomManager.js';
import { bboxAround, bboxOfPoints, rangesFor, type BBox, type TileRange } from './tileMath.js';

export const PREFETCH_MIN_ZOOM = 12;
export const PREFETCH_MAX_ZOOM = 18;
/** Radius around the workshop's centre when it has no areas (metres). */
export const DEFAULT_RADIUS_M = 1000;
/**
 * Margin around the areas and pins: the board, the phone and the A3 print show more than the
 * outline itself (the print fits the 小学校区 with padding into a page of another shape, the
 * projector is 16:9), and a map must not end in a blank edge in a hall with no internet. So the
 * box is first made square (its shorter side grown to its longer one), then grown by
 * MARGIN_SHARE of that side on every side — at least MIN_MARGIN_M.
 */
export const MARGIN_SHARE = 0.4;
export const MIN_MARGIN_M = 300;

const M_PER_DEG_LAT = 111_320;

/** The box around the points, squared and with the margin (see MARGIN_SHARE). */
export function paddedBox(points: readonly [number, number][]): BBox {
  const box = bboxOfPoints(points);
  const mPerDegLng = M_PER_DEG_LAT * Math.cos((((box.north + box.south) / 2) * Math.PI) / 180);
  const heightM = (box.north - box.south) * M_PER_DEG_LAT;
  const widthM = (box.east - box.west) * mPerDegLng;
  const side = Math.max(heightM, widthM);
  const ns = Math.max(MIN_MARGIN_M, (side - heightM) / 2 + MARGIN_SHARE * side) / M_PER_DEG_LAT;
  const ew = Math.max(MIN_MARGIN_M, (side - widthM) / 2 + MARGIN_SHARE * side) / mPerDegLng;
  return { south: box.south - ns, north: box.north + ns, west: box.west - ew, east: box.east + ew };
}

function union(a: BBox, b: BBox): BBox {
  return { south: Math.min(a.south, b.south), north: Math.max(a.north, b.north), west: Math.min(a.west, b.west), east: Math.max(a.east, b.east) };
}

/**
 * The tiles to save for a workshop: its areas and the public pins and resources placed on the
 * map, with a margin (paddedBox); a workshop with no areas also gets its centre and a radius.
 * (Pins of the restricted document are not read here: their points stay with staff.)
 */
export async function workshopRanges(rooms: RoomManager, workshopId: string, minZoom = PREFETCH_MIN_ZOOM, maxZoom = PREFETCH_MAX_ZOOM, radiusM = DEFAULT_RADIUS_M): Promise<{ ranges: TileRange[]; basis: 'areas' | 'centre' }> {
  const room = await rooms.open(workshopId);
  try {
    const data = readWorkshopData(room.doc);
    const areas = data.areas.filter((a) => a.polygon.length >= 3);
    const pins = data.items.filter((i) => Number.isFinite(i.lat) && Number.isFinite(i.lng)).map((i) => [i.lat!, i.lng!] as [number, number]);
    const outlined = [...areas.flatMap((a) => a.polygon), ...pins];
    if (areas.length) return { ranges: rangesFor(paddedBox(outlined), minZoom, maxZoom), basis: 'areas' };
    const [lat, lng] = data.meta.center;
    const around = bboxAround(lat, lng, radiusM);
    return { ranges: rangesFor(pins.length ? union(around, paddedBox(pins)) : around, minZoom, maxZoom), basis: 'centre' };
  } finally {
    room.release();
  }
}
