import { pointInPolygon } from '../model/area.js';
import { CATEGORY_KINDS, type CategoryKind } from '../model/defaults.js';
import type { Category } from '../model/category.js';
import type { Item } from '../model/item.js';
import type { WorkshopData } from './workshopData.js';

/**
 * What an export contains. Every list is "any of"; an empty or absent list means no filter.
 * `includeRestricted` must only be set by the server after checking a staff/facilitator
 * token and the explicit `?include=restricted` flag.
 */
export interface ExportFilter {
  kinds?: CategoryKind[];
  categories?: string[];
  areas?: string[];
  columns?: string[];
  includeRestricted?: boolean;
}

/** The part of URLSearchParams the parser needs (shared/ has no DOM or Node types). */
export interface QueryLike {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const listOf = (q: QueryLike, name: string): string[] =>
  q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** `?kind=resource,gap&category=ibasho&area=a1&column=gyosei&include=restricted`. */
export function parseExportFilter(q: QueryLike): ExportFilter {
  const kinds = listOf(q, 'kind').filter((k): k is CategoryKind => (CATEGORY_KINDS as readonly string[]).includes(k));
  return {
    kinds,
    categories: listOf(q, 'category'),
    areas: listOf(q, 'area'),
    columns: listOf(q, 'column'),
    includeRestricted: listOf(q, 'include').includes('restricted'),
  };
}

/** True when the query asks for restricted items (the server must then check the role). */
export const wantsRestricted = (q: QueryLike): boolean => listOf(q, 'include').includes('restricted');

export interface SelectedItem {
  item: Item;
  category: Category | undefined;
  /** True for items of the restricted document or of a restricted category. */
  restricted: boolean;
}

/**
 * The items an export shows, in a stable order (creation time, then id). Restricted items
 * (from the restricted document, or carrying a restricted category by mistake in the public
 * one) are left out unless `includeRestricted`.
 */
export function selectItems(data: WorkshopData, filter: ExportFilter = {}): SelectedItem[] {
  const catById = new Map(data.categories.map((c) => [c.id, c]));
  const pool: SelectedItem[] = [];
  for (const item of data.items) {
    const category = catById.get(item.category);
    pool.push({ item, category, restricted: category?.restricted === true });
  }
  for (const item of data.restrictedItems) pool.push({ item, category: catById.get(item.category), restricted: true });
  const has = (list: readonly string[] | undefined) => list !== undefined && list.length > 0;
  const areaPolys = has(filter.areas) ? data.areas.filter((a) => filter.areas!.includes(a.id)) : [];
  return pool
    .filter((s) => filter.includeRestricted === true || !s.restricted)
    .filter((s) => !has(filter.kinds) || (s.category !== undefined && filter.kinds!.includes(s.category.kind)))
    .filter((s) => !has(filter.categories) || filter.categories!.includes(s.item.category))
    .filter((s) => !has(filter.columns) || filter.columns!.includes(s.item.column))
    .filter(
      (s) =>
        !has(filter.areas) ||
        (s.item.areaId !== undefined && filter.areas!.includes(s.item.areaId)) ||
        (s.item.lat !== undefined &&
          s.item.lng !== undefined &&
          areaPolys.some((a) => pointInPolygon(s.item.lat!, s.item.lng!, a.polygon))),
    )
    .sort((a, b) => a.item.createdAt - b.item.createdAt || a.item.id.localeCompare(b.item.id));
}
