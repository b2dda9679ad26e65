import { metersBetween } from '../privacy/precision.js';

/**
 * The city view's merged resource list (issue 14): the same place named in several district
 * workshops is one resource, listing the districts that named it. Two entries are the same
 * place when their normalised names are equal and they lie within MERGE_RADIUS_M of each
 * other; the same name 300 m apart stays two places (two 公民館 of one chain, two branches).
 */
export const MERGE_RADIUS_M = 50;

/** Corporate forms written around a name, in full and abbreviated (（株）, ㈱). */
const CORPORATE = /株式会社|有限会社|合同会社|一般社団法人|社会福祉法人|特定非営利活動法人|ＮＰＯ法人|NPO法人|医療法人|（株）|\(株\)|㈱|（有）|\(有\)|㈲/g;
/** Brackets and quotes people put around a name: 「」『』【】“” and the like. */
const QUOTES = /[「」『』【】〈〉《》"“”'‘’]/g;

/**
 * A place name in one form for comparison: NFKC (full-width letters and digits, half-width
 * katakana → their standard forms), lower case, no spaces (ASCII or 全角), no quotes or
 * brackets, no corporate forms, and the long vowel mark and dashes unified.
 */
export function normalizePlaceName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(CORPORATE, '')
    .replace(QUOTES, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[‐‑‒–—―−ｰ-]/g, 'ー')
    .toLowerCase();
}

export interface ResourceEntry {
  /** The workshop (district) that named it. */
  workshopId: string;
  district: string;
  itemId: string;
  name: string;
  category: string;
  lat: number;
  lng: number;
}

export interface MergedResource {
  /** The name as first written (the most frequent spelling wins a tie-break by order). */
  name: string;
  key: string;
  category: string;
  lat: number;
  lng: number;
  /** Every district that named it, in first-seen order, without repeats. */
  districts: string[];
  entries: ResourceEntry[];
}

/**
 * Merge resource entries by normalised name and distance. Greedy and stable: entries are
 * taken in the order given; each joins the first merged resource with the same key whose
 * position (the mean of its entries) lies within `radiusM`, else starts a new one.
 */
export function mergeResources(entries: readonly ResourceEntry[], radiusM = MERGE_RADIUS_M): MergedResource[] {
  const out: MergedResource[] = [];
  const byKey = new Map<string, MergedResource[]>();
  for (const e of entries) {
    const key = normalizePlaceName(e.name);
    if (!key) continue;
    const same = byKey.get(key) ?? [];
    const hit = same.find((m) => metersBetween([m.lat, m.lng], [e.lat, e.lng]) <= radiusM);
    if (hit) {
      hit.entries.push(e);
      const n = hit.entries.length;
      hit.lat += (e.lat - hit.lat) / n;
      hit.lng += (e.lng - hit.lng) / n;
      if (!hit.districts.includes(e.district)) hit.districts.push(e.district);
      continue;
    }
    const m: MergedResource = { name: e.name.trim(), key, category: e.category, lat: e.lat, lng: e.lng, districts: [e.district], entries: [e] };
    same.push(m);
    byKey.set(key, same);
    out.push(m);
  }
  for (const m of out) m.name = commonestSpelling(m.entries);
  return out;
}

function commonestSpelling(entries: readonly ResourceEntry[]): string {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.name.trim(), (count.get(e.name.trim()) ?? 0) + 1);
  let best = entries[0]!.name.trim();
  for (const [name, n] of count) if (n > (count.get(best) ?? 0)) best = name;
  return best;
}

/** A merged resource as the city view sends it: each entry a reference to its pin. */
export type CityResource = Omit<MergedResource, 'entries'> & { entries: Pick<ResourceEntry, 'workshopId' | 'district' | 'itemId' | 'name'>[] };
