import { isPin, isPubliclyShown, type Area, type Category, type Item, type WorkshopBackup } from '@tsunagu/shared';

/** What the print views render from. */
export interface PrintData {
  backup: WorkshopBackup;
  tileUrl: string;
  tileAttribution: string;
  /** Where the QR code points: the live map (join page of the workshop). */
  liveUrl: string;
}

export interface NumberedPin {
  n: number;
  item: Item;
  category: Category | undefined;
  /** The name of the area the pin lies in ('' outside every area). */
  area?: string;
}

export const readAreasFromBackup = (b: WorkshopBackup): Area[] => b.areas.filter((a) => Array.isArray(a.polygon) && a.polygon.length >= 3);

const KIND_ORDER: Record<string, number> = { resource: 0, gap: 1, place: 2, need: 3 };

/**
 * Number the pins for the printed legend: grouped by kind (resources first) and category
 * order, then by name, so neighbouring numbers share a colour. Restricted categories never
 * appear (the print data is the public document only, and we filter again), nor do
 * resources lacking consent or held notes.
 */
export function numberPins(b: WorkshopBackup, kinds: readonly string[]): NumberedPin[] {
  const catIndex = new Map(b.categories.map((c, i) => [c.id, i]));
  const areaName = new Map(b.areas.map((a) => [a.id, a.name]));
  const areaIndex = new Map(b.areas.map((a, i) => [a.id, i]));
  const catById = new Map(b.categories.map((c) => [c.id, c]));
  // Issue 17: resources without 掲載の同意 and held notes never reach the printed map.
  const resources = new Set(b.categories.filter((c) => c.kind === 'resource').map((c) => c.id));
  return b.items
    .filter((i) => isPin(i) && i.deletedAt === undefined && isPubliclyShown(i, resources))
    .map((item) => ({ item, category: catById.get(item.category), area: (item.areaId && areaName.get(item.areaId)) || '' }))
    .filter((p) => !p.category?.restricted)
    .filter((p) => kinds.length === 0 || (p.category !== undefined && kinds.includes(p.category.kind)))
    .sort(
      (a, b) =>
        (KIND_ORDER[a.category?.kind ?? 'need'] ?? 9) - (KIND_ORDER[b.category?.kind ?? 'need'] ?? 9) ||
        // within a kind, by area (pins outside every area last), so the legend reads in sections
        (a.area ? (areaIndex.get(a.item.areaId!) ?? 98) : 99) - (b.area ? (areaIndex.get(b.item.areaId!) ?? 98) : 99) ||
        (catIndex.get(a.item.category) ?? 99) - (catIndex.get(b.item.category) ?? 99) ||
        a.item.text.localeCompare(b.item.text, 'ja', { numeric: true }),
    )
    .map((p, i) => ({ ...p, n: i + 1 }));
}

/** The headings of the printed legend: a kind heading where the kind changes, an area heading where the area (or kind) changes. */
export interface LegendHeading {
  kind?: string;
  area?: string;
}

export function legendHeadings(pins: readonly NumberedPin[]): (LegendHeading | null)[] {
  // headings only where they tell something: kinds when there is more than one kind, areas when
  // the pins lie in more than one area (a single section's heading costs a line and says nothing)
  const byKind = new Set(pins.map((p) => p.category?.kind ?? 'need')).size > 1;
  const byArea = new Set(pins.map((p) => p.area ?? '')).size > 1;
  return pins.map((p, i) => {
    const prev = i > 0 ? pins[i - 1] : undefined;
    const kind = p.category?.kind ?? 'need';
    const kindChanged = byKind && (!prev || (prev.category?.kind ?? 'need') !== kind);
    const areaChanged = byArea && (!prev || kindChanged || (prev.area ?? '') !== (p.area ?? ''));
    if (!kindChanged && !areaChanged) return null;
    return { ...(kindChanged ? { kind } : {}), ...(areaChanged ? { area: p.area ?? '' } : {}) };
  });
}

/** GSI tiles in use: the GSI tile URL, or a local mirror/cache credited as 地理院タイル. */
export const isGsiTiles = (tileUrl: string, attribution = ''): boolean => /gsi\.go\.jp/.test(tileUrl) || /地理院/.test(attribution);

/** Attribution HTML from the server config as plain text for paper. */
export function attributionText(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim();
}

export function formatDateJa(d: Date): string {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** The date in the page's language: 2026年12月6日, or 6 December 2026. */
export function formatDate(d: Date, lang: 'ja' | 'en'): string {
  return lang === 'en' ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }) : formatDateJa(d);
}
