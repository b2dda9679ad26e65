import { pointInPolygon, type Area } from '../model/area.js';
import type { Item } from '../model/item.js';

/**
 * Is an item in an area? A pin is judged by its position (so a pin in a 自治会 also counts
 * for the 小学校区 around it); a note without a position by its `areaId`.
 */
export function itemInArea(item: Pick<Item, 'lat' | 'lng' | 'areaId'>, area: Area): boolean {
  if (item.lat !== undefined && item.lng !== undefined) return pointInPolygon(item.lat, item.lng, area.polygon);
  return item.areaId === area.id;
}

export function filterByArea<T extends Pick<Item, 'lat' | 'lng' | 'areaId'>>(items: readonly T[], area: Area | undefined): T[] {
  return area ? items.filter((i) => itemInArea(i, area)) : [...items];
}

/** [[south, west], [north, east]] of a polygon, for fitting a map view. */
export function polygonBounds(polygon: readonly [number, number][]): [[number, number], [number, number]] {
  // A loop, not Math.min(...points): spreading a big polygon overflows the call stack.
  let s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
  for (const [lat, lng] of polygon) {
    if (lat < s) s = lat;
    if (lat > n) n = lat;
    if (lng < w) w = lng;
    if (lng > e) e = lng;
  }
  return [
    [s, w],
    [n, e],
  ];
}
