import { areaAt, areaPoint, type Area, type Category, type Item } from '@tsunagu/shared';

/** One area's needs, counted by category (the projector's density view, issue 17). */
export interface AreaDensity {
  area: Area;
  at: [number, number];
  total: number;
  byCategory: { category: Category; n: number }[];
}

/**
 * Count the public need pins per area and category. Held notes are left out (the caller passes
 * what its screen may show); needs outside every area are counted under no area and not shown.
 */
export function densityByArea(items: readonly Item[], categories: readonly Category[], areas: readonly Area[]): AreaDensity[] {
  const needCats = new Map(categories.filter((c) => c.kind === 'need' && !c.restricted).map((c) => [c.id, c]));
  const counts = new Map<string, Map<string, number>>();
  for (const i of items) {
    if (i.deletedAt !== undefined || i.held === true || i.lat === undefined || i.lng === undefined || !needCats.has(i.category)) continue;
    const area = (i.areaId ? areas.find((a) => a.id === i.areaId) : undefined) ?? areaAt(areas, i.lat, i.lng);
    if (!area) continue;
    const m = counts.get(area.id) ?? new Map<string, number>();
    m.set(i.category, (m.get(i.category) ?? 0) + 1);
    counts.set(area.id, m);
  }
  return areas
    .filter((a) => a.polygon.length >= 3)
    .map((area) => {
      const m = counts.get(area.id) ?? new Map<string, number>();
      const byCategory = [...m].map(([id, n]) => ({ category: needCats.get(id)!, n })).sort((a, b) => b.n - a.n);
      return { area, at: areaPoint(area.polygon), total: byCategory.reduce((s, c) => s + c.n, 0), byCategory };
    });
}
