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
  const catById = new Map(b.categories.map((c) => [c.id, c]));
  // Issue 17: resources without 掲載の同意 and held notes never reach the printed map.
  const resources = new Set(b.categories.filter((c) => c.kind === 'resource').map((c) => c.id));
  return b.items
    .filter((i) => isPin(i) && i.deletedAt === undefined && isPubliclyShown(i, resources))
    .map((item) => ({ item, category: catById.get(item.category) }))
    .filter((p) => !p.category?.restricted)
    .filter((p) => kinds.length === 0 || (p.category !== undefined && kinds.includes(p.category.kind)))
    .sort(
      (a, b) =>
        (KIND_ORDER[a.category?.kind ?? 'need'] ?? 9) - (KIND_ORDER[b.category?.kind ?? 'need'] ?? 9) ||
        (catIndex.get(a.item.category) ?? 99) - (catIndex.get(b.item.category) ?? 99) ||
        a.item.text.localeCompare(b.item.text, 'ja', { numeric: true }),
    )
    .map((p, i) => ({ ...p, n: i + 1 }));
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
