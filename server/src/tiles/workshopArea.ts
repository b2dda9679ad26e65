import { readWorkshopData } from '@tsunagu/shared';
import type { RoomManager } from '../sync/roomManager.js';
import { bboxAround, bboxOfPoints, rangesFor, type TileRange } from './tileMath.js';

export const PREFETCH_MIN_ZOOM = 12;
export const PREFETCH_MAX_ZOOM = 18;
/** Radius around the workshop's centre when it has no areas (metres). */
export const DEFAULT_RADIUS_M = 1000;

/** The tile ranges of a workshop's areas, or of its centre and a radius when it has none. */
export async function workshopRanges(rooms: RoomManager, workshopId: string, minZoom = PREFETCH_MIN_ZOOM, maxZoom = PREFETCH_MAX_ZOOM, radiusM = DEFAULT_RADIUS_M): Promise<{ ranges: TileRange[]; basis: 'areas' | 'centre' }> {
  const room = await rooms.open(workshopId);
  try {
    const data = readWorkshopData(room.doc);
    const areas = data.areas.filter((a) => a.polygon.length >= 3);
    if (areas.length) return { ranges: areas.flatMap((a) => rangesFor(bboxOfPoints(a.polygon), minZoom, maxZoom)), basis: 'areas' };
    const [lat, lng] = data.meta.center;
    return { ranges: rangesFor(bboxAround(lat, lng, radiusM), minZoom, maxZoom), basis: 'centre' };
  } finally {
    room.release();
  }
}
