import * as Y from 'yjs';
import { ROOT_KINDS, areasMap, itemsMap } from './roots.js';

/**
 * History rewrite: a fresh document holding only the live content of a long-edited one.
 *
 * A Yjs document never forgets: every overwritten value (each move writes x, y and updatedAt)
 * stays as a struct, and loading costs time per struct. A workshop of 5,000 notes edited 100
 * times each holds 1.45 M structs and takes seconds to load on the server and on every
 * client, for 5,000 notes' worth of content. When the server unloads an idle room whose
 * history dwarfs its content, it stores `rewriteHistory(doc)` instead: same roots, same keys,
 * same values (the document model is unchanged), new struct ids. Devices that still hold the
 * old history are told to reload (close code HISTORY_REWRITTEN) and bring their unsent edits
 * over with `carryOver` (see docs/PROTOCOL.md).
 */

/** Number of structs (items, tombstones, GC ranges) the document holds: the cost of loading it. */
export function countStructs(doc: Y.Doc): number {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
}

/** A prelim (not yet integrated) copy of a value: Yjs types are copied deeply, the rest as is. */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Text) {
    const t = new Y.Text();
    t.applyDelta(value.toDelta());
    return t;
  }
  if (value instanceof Y.Map) {
    const m = new Y.Map<unknown>();
    for (const [k, v] of value.entries()) m.set(k, copyValue(v));
    return m;
  }
  if (value instanceof Y.Array) {
    const a = new Y.Array<unknown>();
    a.push(value.toArray().map(copyValue));
    return a;
  }
  if (value instanceof Y.AbstractType) throw new Error(`cannot copy a ${value.constructor.name}`);
  return value;
}

/**
 * A new document with the live content of `doc` and no history, written by `clientID`. Returns
 * null when `doc` has a root this model does not know (it would not be copied faithfully, so
 * the caller keeps the original).
 */
export function rewriteHistory(doc: Y.Doc, clientID: number): Y.Doc | null {
  for (const name of doc.share.keys()) if (!(name in ROOT_KINDS)) return null;
  const fresh = new Y.Doc({ gc: true });
  fresh.clientID = clientID;
  fresh.transact(() => {
    for (const name of doc.share.keys()) {
      if (ROOT_KINDS[name] === 'map') {
        const from = doc.getMap<unknown>(name);
        const to = fresh.getMap<unknown>(name);
        for (const [k, v] of from.entries()) to.set(k, copyValue(v));
      } else {
        const from = doc.getArray<unknown>(name);
        fresh.getArray<unknown>(name).push(from.toArray().map(copyValue));
      }
    }
  });
  return fresh;
}

/** Every client id that wrote to `doc` (its state vector's keys). */
export function writerIds(doc: Y.Doc): number[] {
  return Array.from(doc.store.clients.keys());
}

/**
 * After a reload forced by a history rewrite: bring the edits this device made and the server
 * never received from its old copy (`from`) into the freshly synced document (`into`). An item
 * or area missing from `into` was created here; an item whose `updatedAt` is newer here was
 * edited here — its fields are copied over. Everything else is left as the server has it.
 * Returns how many items and areas were carried over.
 */
export function carryOver(from: Y.Doc, into: Y.Doc, origin: unknown = null): number {
  let carried = 0;
  into.transact(() => {
    const oldItems = itemsMap(from);
    const newItems = itemsMap(into);
    for (const [id, old] of oldItems.entries()) {
      const now = newItems.get(id);
      if (!now) {
        newItems.set(id, copyValue(old) as Y.Map<unknown>);
        carried++;
        continue;
      }
      const oldAt = Number(old.get('updatedAt') ?? 0);
      const nowAt = Number(now.get('updatedAt') ?? 0);
      if (!(oldAt > nowAt)) continue;
      for (const [k, v] of old.entries()) now.set(k, copyValue(v));
      carried++;
    }
    const oldAreas = areasMap(from);
    const newAreas = areasMap(into);
    for (const [id, old] of oldAreas.entries()) {
      if (newAreas.has(id)) continue;
      newAreas.set(id, copyValue(old) as Y.Map<unknown>);
      carried++;
    }
  }, origin);
  return carried;
}
