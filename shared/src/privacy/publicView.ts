import type * as Y from 'yjs';
import type { WorkshopData } from '../export/workshopData.js';
import type { Item } from '../model/item.js';
import { ROOT } from '../model/roots.js';
import { publiclyListable } from './consult.js';

/**
 * What the public listings (the printed map, GeoJSON, CSV without `?include=restricted`) may
 * show (issue 17): resources without 掲載の同意 ('pending', 'no') and notes held back for a
 * sensitive word are left out. Needs are already coarse in the public document.
 */
export function isPubliclyShown(item: Pick<Item, 'category' | 'consent' | 'held'>, resourceCategories: ReadonlySet<string>): boolean {
  if (item.held === true) return false;
  if (resourceCategories.has(item.category) && !publiclyListable(item)) return false;
  return true;
}

export function publicListing(data: WorkshopData): WorkshopData {
  const resources = new Set(data.categories.filter((c) => c.kind === 'resource').map((c) => c.id));
  return { ...data, items: data.items.filter((i) => isPubliclyShown(i, resources)), restrictedItems: [] };
}

/** Resources that lack consent ('pending' or 'no'), for the coordinator before printing. */
export function resourcesLackingConsent(data: Pick<WorkshopData, 'items' | 'categories'>): Item[] {
  const resources = new Set(data.categories.filter((c) => c.kind === 'resource').map((c) => c.id));
  return data.items.filter((i) => resources.has(i.category) && !publiclyListable(i));
}

export interface ExactPoint {
  lat: number;
  lng: number;
}

/** The exact points of needs, from the restricted document (root exactPoints). */
export function readExactPoints(restrictedDoc: Y.Doc): Map<string, ExactPoint> {
  const out = new Map<string, ExactPoint>();
  restrictedDoc.getMap<Y.Map<unknown>>(ROOT.exactPoints).forEach((m, id) => {
    const lat = typeof m?.get === 'function' ? m.get('lat') : undefined;
    const lng = typeof m?.get === 'function' ? m.get('lng') : undefined;
    if (typeof lat === 'number' && typeof lng === 'number') out.set(id, { lat, lng });
  });
  return out;
}

/** Staff data: the public items with the exact point of each need that has one. */
export function withExactPoints(data: WorkshopData, exact: ReadonlyMap<string, ExactPoint>): WorkshopData {
  if (exact.size === 0) return data;
  return { ...data, items: data.items.map((i) => (exact.has(i.id) && i.lat !== undefined ? { ...i, ...exact.get(i.id)! } : i)) };
}
