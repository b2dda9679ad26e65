import * as Y from 'yjs';
import { ROOT, diffText, type TxOrigin } from '@tsunagu/shared';

/**
 * Restore a saved version as a new change on top of the live document: compute what turns the
 * live content into the version's content and apply it as ordinary operations in one
 * transaction. Nothing already in the history is rewritten, so a restore can itself be undone
 * by restoring the version saved just before it.
 *
 * - `items`: fields, texts and votes are set back; an item that exists now but not in the
 *   version is soft-deleted (`deletedAt`), never removed; an item missing now is re-added.
 * - `meta`, `areas`, `groups`: keys set back, added or removed.
 * - `columns`, `categories`: replaced as a whole when they differ.
 * - `timer` is live state of the session and is left alone.
 */
const MAP_ROOTS = [ROOT.meta, ROOT.areas, ROOT.groups] as const;
const ARRAY_ROOTS = [ROOT.columns, ROOT.categories] as const;

type YValue = unknown;

function clone(v: YValue): YValue {
  if (v instanceof Y.Text) return new Y.Text(v.toString());
  if (v instanceof Y.Map) {
    const m = new Y.Map<unknown>();
    v.forEach((value, key) => m.set(key, clone(value)));
    return m;
  }
  if (v instanceof Y.Array) {
    const a = new Y.Array<unknown>();
    a.push(v.toArray().map(clone));
    return a;
  }
  return v;
}

const plain = (v: YValue): unknown => (v instanceof Y.AbstractType ? v.toJSON() : v);
const same = (a: YValue, b: YValue): boolean => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** Minimal edit (shared diffText: common prefix and suffix, never splitting a surrogate pair). */
function syncText(target: Y.Text, source: Y.Text): void {
  const edit = diffText(target.toString(), source.toString());
  if (!edit) return;
  if (edit.remove > 0) target.delete(edit.index, edit.remove);
  if (edit.insert) target.insert(edit.index, edit.insert);
}

function syncArray(target: Y.Array<unknown>, source: Y.Array<unknown>): void {
  if (same(target, source)) return;
  target.delete(0, target.length);
  target.insert(0, source.toArray().map(clone));
}

function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>, onExtra: (key: string, value: unknown) => void): number {
  let changes = 0;
  source.forEach((sv, key) => {
    const tv = target.get(key);
    if (tv === undefined && !target.has(key)) {
      target.set(key, clone(sv));
      changes++;
    } else if (sv instanceof Y.Map && tv instanceof Y.Map) changes += syncMap(tv, sv, (k) => tv.delete(k));
    else if (sv instanceof Y.Text && tv instanceof Y.Text) {
      if (tv.toString() !== sv.toString()) changes++;
      syncText(tv, sv);
    } else if (sv instanceof Y.Array && tv instanceof Y.Array) {
      if (!same(tv, sv)) changes++;
      syncArray(tv, sv);
    } else if (!same(tv, sv)) {
      target.set(key, clone(sv));
      changes++;
    }
  });
  for (const key of Array.from(target.keys())) {
    if (!source.has(key)) {
      onExtra(key, target.get(key));
      changes++;
    }
  }
  return changes;
}

/** Apply `source`'s content onto `target` as new operations; returns how many values changed. */
export function applyVersion(target: Y.Doc, source: Y.Doc, origin: TxOrigin, now = Date.now()): number {
  let changes = 0;
  target.transact(() => {
    for (const name of MAP_ROOTS) {
      const t = target.getMap<unknown>(name);
      changes += syncMap(t, source.getMap<unknown>(name), (k) => t.delete(k));
    }
    for (const name of ARRAY_ROOTS) {
      const t = target.getArray<unknown>(name);
      if (!same(t, source.getArray<unknown>(name))) changes++;
      syncArray(t, source.getArray<unknown>(name));
    }
    const items = target.getMap<unknown>(ROOT.items);
    changes += syncMap(items, source.getMap<unknown>(ROOT.items), (_id, value) => {
      // Not in the version: soft-delete (restorable from the trash), never remove.
      if (value instanceof Y.Map && value.get('deletedAt') === undefined) {
        value.set('deletedAt', now);
        value.set('updatedAt', now);
      }
    });
  }, origin);
  return changes;
}
