import * as Y from 'yjs';
import { laneIndexOf, notesOverlap, Occupancy, placeableNotes, readColumns, SERVER } from '@tsunagu/shared';
import type { Extension } from '../extensions/extension.js';
import type { Room } from '../sync/room.js';

/**
 * Notes never land on top of each other, even when several phones add one at the same moment
 * (each computed the same free slot on its own copy). After an update from a connection that
 * creates items in a public document, every new item that overlaps another note is moved to
 * the next free slot of its lane, in one transaction with the `server` origin, which every
 * connection then receives. The server's own writes are never looked at (no loops), and
 * restricted rooms are skipped (the projector never shows them; staff place their own).
 *
 * An extension (onChange) in the server's default list (metrics/installReliability.ts).
 */
export interface AutoPlaceStats {
  /** Notes moved off another note. */
  moved: number;
}

/** Ids of the items an update creates (or replaces) in the `items` root, read from the update itself (a decoded struct names a root type's parent by its name). */
export function itemIdsCreatedBy(update: Uint8Array): string[] {
  const ids: string[] = [];
  try {
    for (const s of Y.decodeUpdate(update).structs) {
      if (s instanceof Y.Item && (s.parent as unknown) === 'items' && typeof s.parentSub === 'string') ids.push(s.parentSub);
    }
  } catch {
    /* an update the document accepted always decodes; nothing to place otherwise */
  }
  return ids;
}

export function createAutoPlace(stats: AutoPlaceStats = { moved: 0 }): Extension & { stats: AutoPlaceStats } {
  /** Per room: the new notes waiting to be placed, with where they were created. */
  const pending = new Map<Room, Map<string, string>>();
  const where = (items: Y.Map<unknown>, id: string): string => {
    const m = items.get(id);
    return m instanceof Y.Map ? `${String(m.get('x'))},${String(m.get('y'))}` : '';
  };

  const place = (room: Room, created: ReadonlyMap<string, string>) => {
    const doc = room.doc;
    const items = doc.getMap('items');
    // a note moved since it was created (frames handled in the same tick) was placed by a person
    const ids = new Set([...created].filter(([id, at]) => where(items, id) === at).map(([id]) => id));
    const columnIds = readColumns(doc).map((c) => c.id);
    const notes = placeableNotes(doc, columnIds);
    const fresh = notes.filter((n) => ids.has(n.id));
    if (fresh.length === 0) return;
    const settled = notes.filter((n) => !ids.has(n.id));
    const occupancy = new Occupancy(settled);
    const moves: { id: string; x: number; y: number }[] = [];
    // in creation order, so the first phone keeps its slot and the later one moves
    fresh.sort((a, b) => createdAt(items, a.id) - createdAt(items, b.id) || (a.id < b.id ? -1 : 1));
    for (const n of fresh) {
      const clash = settled.some((o) => notesOverlap(o, n));
      if (clash) {
        const s = occupancy.take(n.lane);
        moves.push({ id: n.id, x: s.x, y: s.y });
        settled.push({ ...n, x: s.x, y: s.y });
      } else {
        occupancy.add(n.x, n.y);
        settled.push(n);
      }
    }
    if (moves.length === 0) return;
    doc.transact(() => {
      for (const mv of moves) {
        const m = items.get(mv.id);
        if (!(m instanceof Y.Map)) continue;
        m.set('x', mv.x);
        m.set('y', mv.y);
      }
    }, SERVER);
    stats.moved += moves.length;
  };

  return {
    name: 'auto-place',
    stats,
    onChange(room: Room, update: Uint8Array, origin: unknown): void {
      if (room.restricted || origin === SERVER) return;
      // only updates from a connection; server-side commands (import, restore, migration) place themselves
      if (!(origin as { peer?: unknown } | null)?.peer) return;
      const ids = itemIdsCreatedBy(update);
      if (ids.length === 0) return;
      const first = !pending.has(room);
      const set = pending.get(room) ?? new Map<string, string>();
      const items = room.doc.getMap('items');
      for (const id of ids) set.set(id, where(items, id));
      pending.set(room, set);
      // after the update's transaction has finished (never write from inside its events)
      if (first)
        queueMicrotask(() => {
          const batch = pending.get(room);
          pending.delete(room);
          if (!batch || room.doc.isDestroyed) return;
          place(room, batch);
        });
    },
  };
}

function createdAt(items: Y.Map<unknown>, id: string): number {
  const m = items.get(id);
  const v = m instanceof Y.Map ? m.get('createdAt') : undefined;
  return typeof v === 'number' ? v : 0;
}
