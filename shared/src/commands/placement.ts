import { LANE_HEADER, LANE_WIDTH, NOTE_HEIGHT, NOTE_WIDTH } from './board.js';

/**
 * Where notes go on the board (pure geometry, no Y.Doc): each lane is a grid of slots in
 * reading order — two notes side by side, then the next row — and a new note takes the first
 * slot no other note touches. The client uses it when a note is created or dropped into another
 * lane; the server uses it to move a note that still landed on top of another (two phones that
 * picked the same free slot at the same moment). Fast for thousands of notes: occupancy is a
 * set of slot numbers built in one pass, each note marking at most the few slots it touches.
 */
export const SLOTS_PER_ROW = 2;
/** Space from the lane's left edge to the first slot, and between two slots of a row. */
export const SLOT_MARGIN_X = 16;
export const SLOT_GAP_X = 16;
export const SLOT_GAP_Y = 14;
/** Top of the first row: just under the lane's header. */
export const FIRST_ROW_Y = LANE_HEADER + 14;
const PITCH_X = NOTE_WIDTH + SLOT_GAP_X;
const PITCH_Y = NOTE_HEIGHT + SLOT_GAP_Y;
/** Slot numbers are packed as lane · LANE_SLOTS + slot (a lane holds far fewer slots than this). */
const LANE_SLOTS = 1_000_000;

export interface NoteBox {
  id: string;
  x: number;
  y: number;
}

export interface PlaceableNote extends NoteBox {
  /** Lane index of the note's column (its `column`, not its x). */
  lane: number;
  groupId?: string | undefined;
}

export interface Slot {
  lane: number;
  slot: number;
  x: number;
  y: number;
}

/** The board position of slot k of lane `lane` (k in reading order). */
export function slotPosition(lane: number, k: number): Slot {
  const row = Math.floor(k / SLOTS_PER_ROW);
  const col = k % SLOTS_PER_ROW;
  return { lane, slot: k, x: lane * LANE_WIDTH + SLOT_MARGIN_X + col * PITCH_X, y: FIRST_ROW_Y + row * PITCH_Y };
}

/** Two notes overlap when their rectangles share inner area (touching edges do not). */
export function notesOverlap(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x < b.x + NOTE_WIDTH && b.x < a.x + NOTE_WIDTH && a.y < b.y + NOTE_HEIGHT && b.y < a.y + NOTE_HEIGHT;
}

/** The slots (packed numbers) a note at (x, y) touches. */
function slotsTouched(x: number, y: number, out: (packed: number) => void): void {
  const r0 = Math.max(0, Math.floor((y - NOTE_HEIGHT - FIRST_ROW_Y) / PITCH_Y));
  const r1 = Math.ceil((y + NOTE_HEIGHT - FIRST_ROW_Y) / PITCH_Y);
  const l0 = Math.max(0, Math.floor((x - LANE_WIDTH) / LANE_WIDTH));
  const l1 = Math.floor((x + NOTE_WIDTH) / LANE_WIDTH);
  for (let lane = l0; lane <= l1; lane++) {
    for (let c = 0; c < SLOTS_PER_ROW; c++) {
      const sx = lane * LANE_WIDTH + SLOT_MARGIN_X + c * PITCH_X;
      if (!(sx < x + NOTE_WIDTH && x < sx + NOTE_WIDTH)) continue;
      for (let r = r0; r <= r1; r++) {
        const sy = FIRST_ROW_Y + r * PITCH_Y;
        if (sy < y + NOTE_HEIGHT && y < sy + NOTE_HEIGHT) out(lane * LANE_SLOTS + r * SLOTS_PER_ROW + c);
      }
    }
  }
}

/** Which slots are taken: build once, then ask and take slots as notes are placed. */
export class Occupancy {
  private readonly taken = new Set<number>();

  constructor(notes: Iterable<NoteBox> = [], exclude?: ReadonlySet<string>) {
    for (const n of notes) if (!exclude?.has(n.id)) this.add(n.x, n.y);
  }

  /** Mark the slots a note at (x, y) touches. */
  add(x: number, y: number): void {
    slotsTouched(x, y, (p) => this.taken.add(p));
  }

  isFree(lane: number, k: number): boolean {
    return !this.taken.has(lane * LANE_SLOTS + k);
  }

  /** The first free slot of a lane at or after slot `from`, taken at once. */
  take(lane: number, from = 0): Slot {
    let k = Math.max(0, from);
    while (!this.isFree(lane, k)) k++;
    this.taken.add(lane * LANE_SLOTS + k);
    return slotPosition(lane, k);
  }

  /** The free slot of a lane nearest to a board point (ties go to reading order), taken at once. */
  takeNear(lane: number, px: number, py: number): Slot {
    const row = Math.max(0, Math.round((py - FIRST_ROW_Y) / PITCH_Y));
    let best: Slot | null = null;
    let bestD = Infinity;
    // search outwards row by row; stop once rows are farther than the best found
    for (let d = 0; ; d++) {
      for (const r of d === 0 ? [row] : [row - d, row + d]) {
        if (r < 0) continue;
        for (let c = 0; c < SLOTS_PER_ROW; c++) {
          const k = r * SLOTS_PER_ROW + c;
          if (!this.isFree(lane, k)) continue;
          const s = slotPosition(lane, k);
          const dist = Math.hypot(s.x - px, s.y - py);
          if (dist < bestD) {
            best = s;
            bestD = dist;
          }
        }
      }
      if (best && (d - 1) * PITCH_Y > bestD) break;
      if (d > 100_000) break;
    }
    const s = best ?? this.take(lane);
    this.taken.add(lane * LANE_SLOTS + s.slot);
    return s;
  }
}

/**
 * The next free slot of a lane among these notes (the note `exclude` itself left out). One pass
 * over the notes, marking only this lane's slots in a small byte array (no set of every slot):
 * this runs for each new note, on the client and on the server.
 */
export function nextFreeSlot(notes: Iterable<NoteBox>, lane: number, exclude?: string): Slot {
  let taken = new Uint8Array(256);
  const base = lane * LANE_SLOTS;
  const mark = (p: number) => {
    const k = p - base;
    if (k < 0 || k >= LANE_SLOTS) return;
    if (k >= taken.length) {
      const grown = new Uint8Array(Math.max(k + 1, taken.length * 2));
      grown.set(taken);
      taken = grown;
    }
    taken[k] = 1;
  };
  const left = lane * LANE_WIDTH - NOTE_WIDTH;
  const right = (lane + 1) * LANE_WIDTH;
  for (const n of notes) {
    if (n.x <= left || n.x >= right || n.id === exclude) continue;
    slotsTouched(n.x, n.y, mark);
  }
  let k = 0;
  while (k < taken.length && taken[k] === 1) k++;
  return slotPosition(lane, k);
}

export interface Placement {
  id: string;
  x: number;
  y: number;
}

/** Reading order of notes by where they sit: by row, then left to right. */
function byReadingOrder(a: NoteBox, b: NoteBox): number {
  const ra = Math.round((a.y - FIRST_ROW_Y) / PITCH_Y);
  const rb = Math.round((b.y - FIRST_ROW_Y) / PITCH_Y);
  return ra - rb || a.x - b.x || a.y - b.y || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * 「整列」: put notes into their lane's flow. With `ids`, only those notes move (into the free
 * slots the others leave, in reading order); without, every note of the given lanes (all lanes
 * when `lanes` is absent) is laid out from the first slot. The notes of a group stay together
 * side by side, starting on a row of their own. Returns the moves of notes whose place changes.
 */
export function tidy(notes: readonly PlaceableNote[], opts: { ids?: ReadonlySet<string>; lanes?: ReadonlySet<number> } = {}): Placement[] {
  const moving = notes.filter((n) => (opts.ids ? opts.ids.has(n.id) : !opts.lanes || opts.lanes.has(n.lane)));
  const movingIds = new Set(moving.map((n) => n.id));
  const occ = new Occupancy(notes, movingIds);
  const perLane = new Map<number, PlaceableNote[]>();
  for (const n of moving) (perLane.get(n.lane) ?? perLane.set(n.lane, []).get(n.lane)!).push(n);
  const out: Placement[] = [];
  for (const [lane, list] of perLane) {
    list.sort(byReadingOrder);
    // units in reading order of their first note: a lone note, or a whole group
    const units: PlaceableNote[][] = [];
    const groupUnit = new Map<string, PlaceableNote[]>();
    for (const n of list) {
      if (!n.groupId) units.push([n]);
      else if (groupUnit.has(n.groupId)) groupUnit.get(n.groupId)!.push(n);
      else {
        const u = [n];
        groupUnit.set(n.groupId, u);
        units.push(u);
      }
    }
    let cursor = 0;
    const rowStart = (k: number) => Math.ceil(k / SLOTS_PER_ROW) * SLOTS_PER_ROW;
    for (const unit of units) {
      const grouped = unit.length > 1 || !!unit[0]!.groupId;
      if (grouped) cursor = rowStart(cursor);
      for (const n of unit) {
        const s = occ.take(lane, cursor);
        cursor = s.slot + 1;
        if (s.x !== n.x || s.y !== n.y) out.push({ id: n.id, x: s.x, y: s.y });
      }
      if (grouped) cursor = rowStart(cursor);
    }
  }
  return out;
}

/**
 * Where notes dropped at (x, y) go: a single note that changed lane joins the new lane's flow
 * (its next free slot); otherwise notes stay where they were dropped — several notes dragged
 * together (a selection, a group) keep their arrangement — except a note that covers another,
 * which takes the nearest free slot of its lane. `others` are the notes that did not move.
 */
export function placeDropped(
  others: readonly NoteBox[],
  dropped: readonly (NoteBox & { lane: number; laneChanged: boolean })[],
): Placement[] {
  const ids = new Set(dropped.map((d) => d.id));
  const rest = others.filter((o) => !ids.has(o.id));
  const occ = new Occupancy(rest);
  const out: Placement[] = [];
  for (const d of dropped) {
    let p: { x: number; y: number };
    if (d.laneChanged && dropped.length === 1) p = occ.take(d.lane);
    else if (rest.some((o) => notesOverlap(o, d)) || out.some((o) => notesOverlap(o, d))) p = occ.takeNear(d.lane, d.x, d.y);
    else {
      p = { x: d.x, y: d.y };
      occ.add(d.x, d.y);
    }
    out.push({ id: d.id, x: p.x, y: p.y });
  }
  return out;
}
