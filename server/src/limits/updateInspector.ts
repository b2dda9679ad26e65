import * as Y from 'yjs';
import { ROOT } from '@tsunagu/shared';

/**
 * What an incoming update would do, read from its encoding without applying it
 * (`Y.decodeUpdate`): how many new keys it adds to the `items` map, and by how much it grows
 * each Y.Text. Cost is linear in the update's size plus a binary search per referenced struct,
 * so the limits can refuse before anything touches the document.
 *
 * Yjs writes an inserted struct's parent only when it has no left/right origin; otherwise the
 * parent is the origin's parent. Origins are resolved against the update itself first, then
 * against the document's struct store.
 */
export interface UpdateEffect {
  /** Keys added to the `items` map that the document does not hold yet. */
  newItems: number;
  /** For each Y.Text the update writes to: its length after the update. */
  textLengths: number[];
  /** Values the update writes under a `category` key (item categories). */
  categories: string[];
}

type DecodedItem = Y.Item & { parent: Y.ID | string | null | Y.AbstractType<unknown> };
type ParentKey = Y.AbstractType<any> | string | null;

function findIn(structs: (Y.Item | Y.GC | Y.Skip)[], clock: number): Y.Item | Y.GC | Y.Skip | undefined {
  let lo = 0;
  let hi = structs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = structs[mid]!;
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = doc.store.clients.get(id.client);
  if (!structs || structs.length === 0) return undefined;
  const last = structs[structs.length - 1]!;
  if (id.clock >= last.id.clock + last.length) return undefined;
  return structs[Y.findIndexSS(structs, id.clock)];
}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array, decoded?: ReturnType<typeof Y.decodeUpdate>): UpdateEffect {
  const { structs, ds } = decoded ?? Y.decodeUpdate(update);
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  const isNew = (s: { id: Y.ID }) => Y.getState(doc.store, s.id.client) <= s.id.clock;

  // Resolve the parent of a struct in the update: an existing type, a new type's id key, or a root name.
  const memo = new Map<Y.Item, ParentKey>();
  const parentOfUpdateItem = (item: DecodedItem, depth: number): ParentKey => {
    if (memo.has(item)) return memo.get(item)!;
    let result: ParentKey = null;
    const p = item.parent;
    if (typeof p === 'string') result = `root:${p}`;
    else if (p instanceof Y.ID) result = typeKeyOf(p);
    else if (p instanceof Y.AbstractType) result = p;
    else {
      const o = item.origin ?? item.rightOrigin;
      if (o && depth < 10_000) result = parentOfId(o, depth + 1);
    }
    memo.set(item, result);
    return result;
  };
  // The type whose content item has this id (for a parent reference).
  const typeKeyOf = (id: Y.ID): ParentKey => {
    const local = findIn(byClient.get(id.client) ?? [], id.clock);
    if (local instanceof Y.Item && isNew(local)) return `new:${id.client}:${id.clock}`;
    const existing = findInDoc(doc, id);
    if (existing instanceof Y.Item && existing.content instanceof Y.ContentType) return existing.content.type;
    return null;
  };
  // The parent of the struct holding this id (for an origin reference).
  const parentOfId = (id: Y.ID, depth: number): ParentKey => {
    const local = findIn(byClient.get(id.client) ?? [], id.clock);
    if (local instanceof Y.Item && isNew(local)) return parentOfUpdateItem(local as DecodedItem, depth);
    const existing = findInDoc(doc, id);
    return existing instanceof Y.Item ? (existing.parent as Y.AbstractType<unknown>) : null;
  };

  // The map key an item is written under. Yjs writes `parentSub` only for an item with no
  // origin; overwriting an existing key writes the previous value as left origin instead.
  const parentSubOf = (item: Y.Item, depth: number): string | null => {
    if (item.parentSub !== null) return item.parentSub;
    const o = item.origin;
    if (!o || depth > 10_000) return null;
    const local = findIn(byClient.get(o.client) ?? [], o.clock);
    if (local instanceof Y.Item && isNew(local)) return parentSubOf(local, depth + 1);
    const existing = findInDoc(doc, o);
    return existing instanceof Y.Item ? existing.parentSub : null;
  };

  const growth = new Map<ParentKey, number>();
  const categories: string[] = [];
  let newItems = 0;
  const itemKeys = new Set<string>();
  const items = doc.getMap(ROOT.items);
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !isNew(s)) continue;
    const item = s as DecodedItem;
    if (item.parent === ROOT.items && item.parentSub !== null && !items.has(item.parentSub) && !itemKeys.has(item.parentSub)) {
      itemKeys.add(item.parentSub);
      newItems++;
    }
    if (item.content instanceof Y.ContentAny && parentSubOf(item, 0) === 'category') {
      for (const v of item.content.arr) if (typeof v === 'string') categories.push(v);
    }
    if (item.content instanceof Y.ContentString) {
      const key = parentOfUpdateItem(item, 0);
      growth.set(key, (growth.get(key) ?? 0) + item.content.str.length);
    }
  }
  if (growth.size === 0) return { newItems, textLengths: [], categories };

  // Deletions in the same update shrink the texts they touch.
  for (const [client, ranges] of ds.clients) {
    for (const r of ranges) {
      const end = r.clock + r.len;
      const local = byClient.get(client) ?? [];
      for (const s of local) {
        if (!(s instanceof Y.Item) || !isNew(s) || !(s.content instanceof Y.ContentString)) continue;
        const overlap = Math.min(end, s.id.clock + s.length) - Math.max(r.clock, s.id.clock);
        if (overlap > 0) {
          const key = parentOfUpdateItem(s as DecodedItem, 0);
          if (growth.has(key)) growth.set(key, growth.get(key)! - overlap);
        }
      }
      const stored = doc.store.clients.get(client);
      if (!stored || stored.length === 0) continue;
      const last = stored[stored.length - 1]!;
      if (r.clock >= last.id.clock + last.length) continue;
      for (let i = Y.findIndexSS(stored, r.clock); i < stored.length && stored[i]!.id.clock < end; i++) {
        const s = stored[i]!;
        if (!(s instanceof Y.Item) || s.deleted || !s.countable || !(s.parent instanceof Y.Text)) continue;
        if (!growth.has(s.parent)) continue;
        const overlap = Math.min(end, s.id.clock + s.length) - Math.max(r.clock, s.id.clock);
        if (overlap > 0) growth.set(s.parent, growth.get(s.parent)! - overlap);
      }
    }
  }

  const textLengths: number[] = [];
  // growth holds inserted minus deleted; every key in it received an insertion
  for (const [key, delta] of growth) {
    let existing = 0;
    if (key instanceof Y.Text) existing = key.length;
    else if (key instanceof Y.AbstractType) continue; // a string inside a map/array is not a note text
    if (existing + delta > 0) textLengths.push(existing + delta);
  }
  return { newItems, textLengths, categories };
}
