import * as Y from 'yjs';
import { readColumns } from '../model/column.js';
import { POOL_COLUMN } from '../model/defaults.js';
import { itemsMap } from '../model/roots.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';
import { moveItems } from './items.js';
import { Occupancy, tidy, type PlaceableNote, type Slot } from './placement.js';

/**
 * The placement geometry (placement.ts) applied to a document: read the live notes with their
 * lane (the index of their `column`), find a new note's slot, tidy lanes in one transaction.
 */
export function laneIndexOf(columnIds: readonly string[], column: string): number {
  const i = columnIds.indexOf(column);
  if (i >= 0) return i;
  return Math.max(0, columnIds.indexOf(POOL_COLUMN));
}

/** Every live note of the document as a placeable box. */
export function placeableNotes(doc: Y.Doc, columnIds: readonly string[] = readColumns(doc).map((c) => c.id)): PlaceableNote[] {
  const out: PlaceableNote[] = [];
  itemsMap(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map) || m.get('deletedAt') !== undefined) return;
    const x = m.get('x');
    const y = m.get('y');
    const groupId = m.get('groupId');
    out.push({
      id,
      x: typeof x === 'number' ? x : 0,
      y: typeof y === 'number' ? y : 0,
      lane: laneIndexOf(columnIds, String(m.get('column') ?? POOL_COLUMN)),
      groupId: typeof groupId === 'string' ? groupId : undefined,
    });
  });
  return out;
}

/** The next free slot for a new note in a column's lane of this document. */
export function slotForNewNote(doc: Y.Doc, column: string = POOL_COLUMN): Slot {
  const ids = readColumns(doc).map((c) => c.id);
  return new Occupancy(placeableNotes(doc, ids)).take(laneIndexOf(ids, column));
}

/** 「整列」 in a document: tidy the given notes (a selection) or whole lanes. Returns how many moved. */
export function tidyNotes(doc: Y.Doc, what: { ids?: ReadonlySet<string>; lanes?: ReadonlySet<number> }, opts: CommandOptions = {}): number {
  const moves = tidy(placeableNotes(doc), what);
  if (moves.length) moveItems(doc, moves, { ...opts, origin: opts.origin ?? LOCAL });
  return moves.length;
}
