import type { Area, Item } from '@tsunagu/shared';

/** A place the workshop already knows: a pinned item (resources, imported 公民館 / 小学校 / 避難所 rows) or an area. */
export interface Place {
  id: string;
  name: string;
  detail: string;
  lat: number;
  lng: number;
  kind: 'item' | 'area';
}

/**
 * Normalise for matching: NFKC (full-width ↔ half-width letters, digits and kana), lower
 * case, katakana → hiragana, no spaces. No internet geocoder: only what the workshop holds.
 */
export function normalise(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000・·-]/g, '');
}

export function placesOf(items: readonly Item[], areas: readonly Area[]): Place[] {
  const out: Place[] = [];
  for (const it of items)
    if (typeof it.lat === 'number' && typeof it.lng === 'number' && it.text.trim())
      out.push({ id: it.id, name: it.text.split('\n')[0]!.slice(0, 60), detail: it.address ?? '', lat: it.lat, lng: it.lng, kind: 'item' });
  for (const a of areas) {
    if (a.polygon.length < 3) continue;
    const lat = a.polygon.reduce((s, p) => s + p[0], 0) / a.polygon.length;
    const lng = a.polygon.reduce((s, p) => s + p[1], 0) / a.polygon.length;
    out.push({ id: a.id, name: a.name, detail: '', lat, lng, kind: 'area' });
  }
  return out;
}

/** Places whose name (or address) holds the query; names starting with it first. At most `limit`. */
export function searchPlaces(places: readonly Place[], query: string, limit = 6): Place[] {
  const q = normalise(query);
  if (!q) return [];
  const scored: { p: Place; score: number }[] = [];
  for (const p of places) {
    const n = normalise(p.name);
    const score = n.startsWith(q) ? 0 : n.includes(q) ? 1 : normalise(p.detail).includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ p, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.p.name.length - b.p.name.length).slice(0, limit).map((s) => s.p);
}
