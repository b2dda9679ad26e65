import * as Y from 'yjs';

/**
 * What an incoming Yjs update would write, read from its decoded structs without applying it.
 *
 * Every new struct becomes a `Write`: the path of the shared type it goes into (root name,
 * then map keys; `#` for an element of an array), the map key it sets (null for an array or
 * text insertion), and its content. Every existing struct the update deletes becomes a
 * `Removal` of the same form. A map value that the update overwrites is deleted by it too:
 * such removals are marked `replaced`, so a policy sees "key set" rather than "key deleted".
 *
 * Yjs writes an inserted struct's parent only when it has no left/right origin; otherwise the
 * parent is the origin's parent, and a map key (`parentSub`) is written only for a struct with
 * no left origin (an overwrite names the previous value as its origin). Origins and parents are
 * resolved against the update itself first, then against the document.
 *
 * `gap` is set when the update cannot be integrated completely now: structs that start past the
 * document's clock for their client, structs or deletions that reference what neither the
 * document nor the update holds, or Skip structs. Yjs would keep such structs pending and retry
 * them on every later update (a cheap way to stall a server): they are refused instead.
 */
export type Content = Y.Item['content'];
type AnyType = Y.AbstractType<any>;

export interface TypeRef {
  /** Root name, then map keys; '#' for an array element. */
  path: string[];
  /** The existing shared type, when it exists in the document already. */
  existing: AnyType | null;
  /** The struct of a type the update itself creates. */
  created: Y.Item | null;
}

export interface Write {
  parent: TypeRef;
  /** The map key set, or null for an array/text insertion. */
  key: string | null;
  content: Content;
  /** Length in the parent (characters of a text insertion). */
  length: number;
}

export interface Removal {
  parent: TypeRef;
  key: string | null;
  /** The deleted struct (already in the document). */
  struct: Y.Item;
  /** A map value overwritten by a write of the same key in this update. */
  replaced: boolean;
  length: number;
}

export interface UpdateWrites {
  writes: Write[];
  removals: Removal[];
  /** Why the update cannot be integrated now (see above), or null. */
  gap: string | null;
  /** Structs or deletions whose parent could not be resolved (garbage-collected parents). */
  unresolved: number;
}

type Decoded = ReturnType<typeof Y.decodeUpdate>;
type DecodedItem = Y.Item & { parent: Y.ID | string | null | AnyType };

function findIn(structs: readonly (Y.Item | Y.GC | Y.Skip)[], clock: number): Y.Item | Y.GC | Y.Skip | undefined {
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

/** Root names by type, built once per analysis (a document has a handful of roots). */
function rootNames(doc: Y.Doc): Map<AnyType, string> {
  const out = new Map<AnyType, string>();
  for (const [name, type] of doc.share) out.set(type, name);
  return out;
}

/** The path of an existing type: its root's name, then the keys down to it. */
export function typePath(type: AnyType, roots: Map<AnyType, string>): string[] | null {
  const out: string[] = [];
  let t: AnyType | null = type;
  for (let depth = 0; t && depth < 64; depth++) {
    const item: Y.Item | null = t._item;
    if (!item) {
      const name = roots.get(t);
      if (name === undefined) return null;
      out.unshift(name);
      return out;
    }
    out.unshift(item.parentSub ?? '#');
    t = item.parent instanceof Y.AbstractType ? item.parent : null;
  }
  return null;
}

export function analyseUpdate(doc: Y.Doc, decoded: Decoded): UpdateWrites {
  const { structs, ds } = decoded;
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  let gap: string | null = null;
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.id.clock - b.id.clock);
    let next = Y.getState(doc.store, client);
    for (const s of list) {
      if (s instanceof Y.Skip) gap ??= 'skip struct';
      if (s.id.clock > next) gap ??= `clock gap for client ${client}`;
      next = Math.max(next, s.id.clock + s.length);
    }
  }
  const isNew = (s: { id: Y.ID; length: number }) => Y.getState(doc.store, s.id.client) < s.id.clock + s.length;
  /** Whether an id exists in the document or in this update. */
  const known = (id: Y.ID) => id.clock < Y.getState(doc.store, id.client) || findIn(byClient.get(id.client) ?? [], id.clock) !== undefined;

  const roots = rootNames(doc);
  const refOfType = (type: AnyType): TypeRef | null => {
    const path = typePath(type, roots);
    return path ? { path, existing: type, created: null } : null;
  };

  const memo = new Map<Y.Item, TypeRef | null>();
  const keyMemo = new Map<Y.Item, string | null>();
  // The map key an update struct is written under (see the header).
  const keyOf = (item: Y.Item, depth: number): string | null => {
    if (item.parentSub !== null) return item.parentSub;
    if (keyMemo.has(item)) return keyMemo.get(item)!;
    let key: string | null = null;
    const o = item.origin;
    if (o && depth < 10_000) {
      const local = findIn(byClient.get(o.client) ?? [], o.clock);
      if (local instanceof Y.Item && isNew(local)) key = keyOf(local, depth + 1);
      else {
        const existing = findInDoc(doc, o);
        key = existing instanceof Y.Item ? existing.parentSub : null;
      }
    }
    keyMemo.set(item, key);
    return key;
  };
  // The type an update struct is inserted into.
  const parentOf = (item: DecodedItem, depth: number): TypeRef | null => {
    if (memo.has(item)) return memo.get(item)!;
    memo.set(item, null); // cycles in crafted updates resolve to "unknown"
    let ref: TypeRef | null = null;
    const p = item.parent;
    if (typeof p === 'string') {
      const existing = doc.share.get(p) ?? null;
      ref = { path: [p], existing, created: null };
    } else if (p instanceof Y.ID) {
      const local = findIn(byClient.get(p.client) ?? [], p.clock);
      if (local instanceof Y.Item && isNew(local) && local.content instanceof Y.ContentType) {
        const grand = depth < 10_000 ? parentOf(local as DecodedItem, depth + 1) : null;
        if (grand) ref = { path: [...grand.path, keyOf(local, 0) ?? '#'], existing: null, created: local };
      } else {
        const existing = findInDoc(doc, p);
        if (existing instanceof Y.Item && existing.content instanceof Y.ContentType) ref = refOfType(existing.content.type);
      }
    } else if (p instanceof Y.AbstractType) {
      ref = refOfType(p);
    } else {
      const o = item.origin ?? item.rightOrigin;
      if (o && depth < 10_000) {
        const local = findIn(byClient.get(o.client) ?? [], o.clock);
        if (local instanceof Y.Item && isNew(local)) ref = parentOf(local as DecodedItem, depth + 1);
        else {
          const existing = findInDoc(doc, o);
          if (existing instanceof Y.Item && existing.parent instanceof Y.AbstractType) ref = refOfType(existing.parent);
        }
      }
    }
    memo.set(item, ref);
    return ref;
  };

  const writes: Write[] = [];
  let unresolved = 0;
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !isNew(s)) continue;
    const item = s as DecodedItem;
    for (const o of [item.origin, item.rightOrigin]) if (o && !known(o)) gap ??= 'missing origin';
    if (item.parent instanceof Y.ID && !known(item.parent)) gap ??= 'missing parent';
    const parent = parentOf(item, 0);
    if (!parent) {
      unresolved++;
      continue;
    }
    writes.push({ parent, key: keyOf(item, 0), content: item.content, length: item.length });
  }

  // Deletions of existing structs. A deletion of a struct neither side holds would stay pending.
  const removals: Removal[] = [];
  const setKeys = new Set<string>();
  const slotOf = (parent: TypeRef, key: string) => `${parent.path.join('\u0000')}\u0001${key}`;
  for (const w of writes) if (w.key !== null) setKeys.add(slotOf(w.parent, w.key));
  for (const [client, ranges] of ds.clients) {
    const state = Y.getState(doc.store, client);
    const stored = doc.store.clients.get(client);
    for (const r of ranges) {
      const end = r.clock + r.len;
      if (end > state) {
        // beyond the document: must be covered by structs of this very update
        const local = byClient.get(client) ?? [];
        const lastLocal = local[local.length - 1];
        if (!lastLocal || lastLocal.id.clock + lastLocal.length < end) gap ??= 'deletion of unknown structs';
      }
      if (!stored || stored.length === 0 || r.clock >= state) continue;
      for (let i = Y.findIndexSS(stored, r.clock); i < stored.length && stored[i]!.id.clock < end; i++) {
        const s = stored[i]!;
        if (!(s instanceof Y.Item) || s.deleted) continue;
        const parent = s.parent instanceof Y.AbstractType ? refOfType(s.parent) : null;
        if (!parent) {
          unresolved++;
          continue;
        }
        const key = s.parentSub;
        const overlap = Math.min(end, s.id.clock + s.length) - Math.max(r.clock, s.id.clock);
        removals.push({ parent, key, struct: s, replaced: key !== null && setKeys.has(slotOf(parent, key)), length: overlap });
      }
    }
  }
  return { writes, removals, gap, unresolved };
}
