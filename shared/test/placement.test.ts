import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  applyImport,
  FIRST_ROW_Y,
  groupItems,
  initWorkshopDoc,
  LANE_WIDTH,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  nextFreeSlot,
  notesOverlap,
  Occupancy,
  placeDropped,
  readColumns,
  readItems,
  slotForNewNote,
  slotPosition,
  tidy,
  tidyNotes,
  type PlaceableNote,
} from '../src/index.js';

const noOverlap = (notes: readonly { id: string; x: number; y: number }[]) => {
  for (let i = 0; i < notes.length; i++)
    for (let j = i + 1; j < notes.length; j++) if (notesOverlap(notes[i]!, notes[j]!)) return `${notes[i]!.id} × ${notes[j]!.id}`;
  return null;
};
const inLane = (lane: number, n: { x: number }) => n.x >= lane * LANE_WIDTH && n.x + NOTE_WIDTH <= (lane + 1) * LANE_WIDTH;

describe('placement: next free slot', () => {
  it('slots lie in reading order inside their lane, two per row, and never overlap', () => {
    const slots = Array.from({ length: 10 }, (_, k) => ({ id: String(k), ...slotPosition(2, k) }));
    expect(slots[0]!.y).toBe(FIRST_ROW_Y);
    expect(slots[1]!.y).toBe(slots[0]!.y);
    expect(slots[1]!.x).toBeGreaterThan(slots[0]!.x);
    expect(slots[2]!.y).toBeGreaterThan(slots[0]!.y);
    expect(slots[2]!.x).toBe(slots[0]!.x);
    expect(noOverlap(slots)).toBeNull();
    for (const s of slots) expect(inLane(2, s)).toBe(true);
  });

  it('an empty lane gives its first slot; then the next one in reading order', () => {
    expect(nextFreeSlot([], 1)).toMatchObject({ lane: 1, slot: 0, ...{ x: slotPosition(1, 0).x, y: FIRST_ROW_Y } });
    const a = { id: 'a', ...slotPosition(1, 0) };
    expect(nextFreeSlot([a], 1).slot).toBe(1);
    // notes of other lanes do not count
    expect(nextFreeSlot([a], 0).slot).toBe(0);
  });

  it('a note lying across slots takes every slot it touches; the note itself can be left out', () => {
    const s0 = slotPosition(0, 0);
    const messy = { id: 'm', x: s0.x + 100, y: s0.y + 60 }; // touches slots 0, 1, 2, 3
    expect(nextFreeSlot([messy], 0).slot).toBe(4);
    expect(nextFreeSlot([messy], 0, 'm').slot).toBe(0);
  });

  it('fills a gap before going on; takes successive slots without re-reading', () => {
    const notes = [0, 1, 3].map((k) => ({ id: String(k), ...slotPosition(0, k) }));
    const occ = new Occupancy(notes);
    expect(occ.take(0).slot).toBe(2);
    expect(occ.take(0).slot).toBe(4);
    expect(occ.take(0).slot).toBe(5);
  });

  it('40 notes added one after another into a document never overlap and stay in their lane', () => {
    const doc = new Y.Doc();
    initWorkshopDoc(doc, { title: 't' }, 1);
    for (let i = 0; i < 40; i++) {
      const at = slotForNewNote(doc, 'pool');
      addItem(doc, { text: `n${i}`, category: 'kaimono', column: 'pool', x: at.x, y: at.y });
    }
    const items = readItems(doc);
    expect(items).toHaveLength(40);
    expect(noOverlap(items)).toBeNull();
    const lane = readColumns(doc).findIndex((c) => c.id === 'pool');
    for (const n of items) expect(inLane(lane, n)).toBe(true);
  });
});

describe('placement: tidy', () => {
  const messy = (lane: number, n: number): PlaceableNote[] =>
    Array.from({ length: n }, (_, i) => ({ id: `n${i}`, lane, x: lane * LANE_WIDTH + 20 + ((i * 37) % 90), y: 100 + ((i * 53) % 200) }));

  it('a heap of notes in a lane becomes a grid with no overlap, inside the lane', () => {
    const notes = messy(1, 12);
    expect(noOverlap(notes)).not.toBeNull();
    const moves = tidy(notes);
    const after = notes.map((n) => ({ ...n, ...moves.find((m) => m.id === n.id) }));
    expect(noOverlap(after)).toBeNull();
    for (const n of after) expect(inLane(1, n)).toBe(true);
    // laid out from the first slot: 12 notes take slots 0..11
    const ys = new Set(after.map((n) => n.y));
    expect(ys.size).toBe(6);
  });

  it('keeps reading order: the note that was highest-left comes first', () => {
    const notes: PlaceableNote[] = [
      { id: 'late', lane: 0, x: 30, y: 600 },
      { id: 'first', lane: 0, x: 25, y: 90 },
      { id: 'second', lane: 0, x: 240, y: 95 },
    ];
    const moves = new Map(tidy(notes).map((m) => [m.id, m]));
    const pos = (id: string) => moves.get(id) ?? notes.find((n) => n.id === id)!;
    expect(pos('first')).toMatchObject({ x: slotPosition(0, 0).x, y: slotPosition(0, 0).y });
    expect(pos('second')).toMatchObject({ x: slotPosition(0, 1).x, y: slotPosition(0, 1).y });
    expect(pos('late')).toMatchObject({ x: slotPosition(0, 2).x, y: slotPosition(0, 2).y });
  });

  it('tidying a selection moves only the selected notes, into the free slots', () => {
    const s0 = slotPosition(0, 0);
    const fixed = { id: 'fixed', lane: 0, x: s0.x, y: s0.y };
    const notes: PlaceableNote[] = [fixed, { id: 'a', lane: 0, x: fixed.x + 10, y: fixed.y + 10 }, { id: 'b', lane: 0, x: fixed.x + 20, y: fixed.y + 20 }];
    const moves = tidy(notes, { ids: new Set(['a', 'b']) });
    expect(moves.map((m) => m.id).sort()).toEqual(['a', 'b']);
    expect(noOverlap([fixed, ...moves])).toBeNull();
  });

  it('only the lanes asked for are tidied', () => {
    const notes = [...messy(0, 4), ...messy(2, 4).map((n) => ({ ...n, id: 'z' + n.id }))];
    const moves = tidy(notes, { lanes: new Set([2]) });
    expect(moves.every((m) => m.id.startsWith('z'))).toBe(true);
  });

  it('groups keep their notes side by side, on rows of their own', () => {
    const notes: PlaceableNote[] = [
      { id: 'solo1', lane: 0, x: 20, y: 90 },
      { id: 'g1', lane: 0, x: 30, y: 100, groupId: 'G' },
      { id: 'solo2', lane: 0, x: 40, y: 110 },
      { id: 'g2', lane: 0, x: 50, y: 300, groupId: 'G' },
      { id: 'g3', lane: 0, x: 60, y: 500, groupId: 'G' },
    ];
    const moves = new Map(tidy(notes).map((m) => [m.id, m]));
    const at = (id: string) => moves.get(id) ?? notes.find((n) => n.id === id)!;
    // solo1 first; the group starts a fresh row, its notes together; solo2 after the group
    expect(at('solo1')).toMatchObject({ x: slotPosition(0, 0).x, y: slotPosition(0, 0).y });
    expect(at('g1')).toMatchObject({ x: slotPosition(0, 2).x, y: slotPosition(0, 2).y });
    expect(at('g2')).toMatchObject({ x: slotPosition(0, 3).x, y: slotPosition(0, 3).y });
    expect(at('g3')).toMatchObject({ x: slotPosition(0, 4).x, y: slotPosition(0, 4).y });
    expect(at('solo2')).toMatchObject({ x: slotPosition(0, 6).x, y: slotPosition(0, 6).y });
    expect(at('g1').y).toBe(at('g2').y); // side by side
  });

  it('tidyNotes writes the grid into the document in one transaction', () => {
    const doc = new Y.Doc();
    initWorkshopDoc(doc, { title: 't' }, 1);
    const ids = Array.from({ length: 6 }, (_, i) => addItem(doc, { text: `n${i}`, category: 'kaimono', column: 'pool', x: 40 + i * 5, y: 120 + i * 5 }));
    groupItems(doc, ids.slice(0, 2), 'g');
    let txs = 0;
    doc.on('afterTransaction', () => txs++);
    expect(tidyNotes(doc, {})).toBeGreaterThan(0);
    expect(txs).toBe(1);
    expect(noOverlap(readItems(doc))).toBeNull();
  });
});

describe('placement: lane change and drops', () => {
  const others = [0, 1, 2].map((k) => ({ id: `o${k}`, ...slotPosition(1, k) }));

  it('a note moved into another lane joins that lane’s flow (its next free slot)', () => {
    const [p] = placeDropped(others, [{ id: 'n', x: 1 * LANE_WIDTH + 200, y: 900, lane: 1, laneChanged: true }]);
    expect(p).toMatchObject({ id: 'n', x: slotPosition(1, 3).x, y: slotPosition(1, 3).y });
  });

  it('a note dropped in its own lane stays where dropped, unless it covers another note', () => {
    const [free] = placeDropped(others, [{ id: 'n', x: LANE_WIDTH + 30, y: 1500, lane: 1, laneChanged: false }]);
    expect(free).toMatchObject({ x: LANE_WIDTH + 30, y: 1500 });
    const s1 = slotPosition(1, 1);
    const [moved] = placeDropped(others, [{ id: 'n', x: s1.x + 5, y: s1.y + 5, lane: 1, laneChanged: false }]);
    expect(noOverlap([...others, moved!])).toBeNull();
    // the nearest free slot to where it was dropped: slot 3 (beside o2), not far below
    expect(moved).toMatchObject({ x: slotPosition(1, 3).x, y: slotPosition(1, 3).y });
  });

  it('several notes dropped together do not land on each other', () => {
    const moved = placeDropped(others, [
      { id: 'a', x: 0, y: 0, lane: 1, laneChanged: true },
      { id: 'b', x: 0, y: 0, lane: 1, laneChanged: true },
    ]);
    expect(noOverlap([...others, ...moved])).toBeNull();
  });
});

describe('placement: imported resources', () => {
  it('go to their own lane’s flow, never across the neighbouring lanes', () => {
    const doc = new Y.Doc();
    initWorkshopDoc(doc, { title: 't' }, 1);
    addItem(doc, { text: 'already', category: 'kaimono', column: 'pool', ...slotPosition(0, 0) });
    const rows = Array.from({ length: 14 }, (_, i) => ({ line: i + 2, sourceKey: `k${i}`, name: `施設${i}`, lat: 35 + i / 1000, lng: 139 }));
    applyImport(doc, rows, { category: 'ibasho', column: 'pool' });
    const lane = readColumns(doc).findIndex((c) => c.id === 'pool');
    const items = readItems(doc);
    expect(items).toHaveLength(15);
    for (const n of items) expect(inLane(lane, n), `${n.text} at x=${n.x}`).toBe(true);
    expect(noOverlap(items)).toBeNull();
    expect(Math.min(...items.map((n) => n.y))).toBeLessThan(FIRST_ROW_Y + NOTE_HEIGHT);
  });
});

describe('placement: dragging several notes', () => {
  it('a selection dragged across a lane boundary keeps its arrangement when it covers nothing', () => {
    const dropped = [
      { id: 'a', x: 300, y: 900, lane: 0, laneChanged: false },
      { id: 'b', x: 490, y: 900, lane: 1, laneChanged: true },
    ];
    expect(placeDropped([{ id: 'o', ...slotPosition(1, 0) }], dropped)).toEqual([
      { id: 'a', x: 300, y: 900 },
      { id: 'b', x: 490, y: 900 },
    ]);
  });
});
