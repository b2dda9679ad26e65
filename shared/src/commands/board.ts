import * as Y from 'yjs';
import { newId } from '../ids.js';
import { columnToYMap, readColumns, type Column } from '../model/column.js';
import { COLUMN_TEMPLATES, POOL_COLUMN } from '../model/defaults.js';
import { columnsArray, groupsMap, itemsMap, toYMap } from '../model/roots.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';

/**
 * Board geometry and lane (column) commands. Lanes sit side by side on the board: lane i
 * spans x ∈ [i·LANE_WIDTH, (i+1)·LANE_WIDTH). A note's `column` is the source of truth; its
 * x/y place it inside that lane. When lanes change, notes keep their column (and their place
 * inside it); notes whose lane disappears go back to 出てきた課題 at the same height.
 */
export const LANE_WIDTH = 420;
export const LANE_TOP = 0;
export const LANE_HEADER = 70;
export const NOTE_WIDTH = 180;
export const NOTE_HEIGHT = 120;

export function laneIndexAt(x: number, laneCount: number): number {
  if (laneCount <= 0) return -1;
  return Math.max(0, Math.min(laneCount - 1, Math.floor(x / LANE_WIDTH)));
}

/** The column id for a note whose centre is at board x. */
export function columnAt(columns: readonly Column[], centerX: number): string {
  const i = laneIndexAt(centerX, columns.length);
  return i < 0 ? POOL_COLUMN : columns[i]!.id;
}

/** Rename a lane. */
export function renameColumn(doc: Y.Doc, id: string, label: string, opts: CommandOptions = {}): boolean {
  const m = columnsArray(doc)
    .toArray()
    .find((c) => c.get('id') === id);
  if (!m || !label.trim()) return false;
  doc.transact(() => m.set('label', label.trim().slice(0, 60)), opts.origin ?? LOCAL);
  return true;
}

/** Append a lane at the right end (existing notes do not move). Returns its id. */
export function addColumn(doc: Y.Doc, label: string, color = '#f5f5f5', opts: CommandOptions = {}): string {
  const id = 'lane-' + newId(6);
  doc.transact(() => columnsArray(doc).push([columnToYMap({ id, label: label.trim().slice(0, 60) || '新しい列', color })]), opts.origin ?? LOCAL);
  return id;
}

/**
 * Replace the lanes with a template's. Notes whose column exists in the new lanes move
 * horizontally with their lane (same offset inside it, same y); the others go to the pool.
 */
export function applyColumnTemplate(doc: Y.Doc, templateId: string, opts: CommandOptions = {}): boolean {
  const template = COLUMN_TEMPLATES.find((t) => t.id === templateId);
  if (!template) return false;
  const before = readColumns(doc);
  const after = template.columns.map((c) => ({ id: c.id, label: c.label, color: c.color }));
  doc.transact(() => {
    const arr = columnsArray(doc);
    arr.delete(0, arr.length);
    arr.push(after.map((c) => columnToYMap(c)));
    relocate(doc, before, after);
  }, opts.origin ?? LOCAL);
  return true;
}

function relocate(doc: Y.Doc, before: readonly Column[], after: readonly Column[]): void {
  itemsMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const col = String(m.get('column') ?? POOL_COLUMN);
    const oldIndex = before.findIndex((c) => c.id === col);
    let newIndex = after.findIndex((c) => c.id === col);
    if (newIndex < 0) {
      newIndex = Math.max(0, after.findIndex((c) => c.id === POOL_COLUMN));
      m.set('column', after[newIndex]?.id ?? POOL_COLUMN);
    }
    if (oldIndex >= 0 && oldIndex !== newIndex) {
      const x = typeof m.get('x') === 'number' ? (m.get('x') as number) : 0;
      m.set('x', x + (newIndex - oldIndex) * LANE_WIDTH);
    }
  });
}

/**
 * Groups and frames (extension to v1, additive): root `groups` Y.Map id → Y.Map
 * {id, name, x?, y?, w?, h?, color?}; an item's `groupId` points at one. A group is drawn as a
 * named, coloured frame (KJ法's island) around its notes; moving the frame moves its notes.
 * Schema 2 gave every existing group its frame (migration GroupsBecomeFrames). The root is
 * `ROOT.groups` (groupsMap in model/roots.ts).
 */

export interface Group {
  id: string;
  name: string;
  /** The frame on the board (absent for a group whose frame was never drawn). */
  frame?: FrameRect | undefined;
  color?: string | undefined;
}

export interface FrameRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Room around the notes inside a frame, and the band its title takes at the top. */
export const FRAME_PADDING = 24;
export const FRAME_TITLE = 44;
export const FRAME_MIN = { w: 160, h: 120 } as const;
export const FRAME_COLORS = ['#fff8e1', '#e8f5e9', '#e3f2fd', '#fce4ec', '#ede7f6', '#eceff1'] as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readGroups(doc: Y.Doc): Group[] {
  const out: Group[] = [];
  groupsMap(doc).forEach((m, id) => {
    const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => m.get(k));
    const color = m.get('color');
    out.push({
      id,
      name: String(m.get('name') ?? ''),
      frame: finite(x) && finite(y) && finite(w) && finite(h) ? { x, y, w, h } : undefined,
      color: typeof color === 'string' ? color : undefined,
    });
  });
  return out;
}

/** The frame that fits around notes (their top-left corners), with padding and a title band. */
export function frameAround(notes: readonly { x: number; y: number }[]): FrameRect | null {
  if (notes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of notes) {
    x0 = Math.min(x0, n.x);
    y0 = Math.min(y0, n.y);
    x1 = Math.max(x1, n.x + NOTE_WIDTH);
    y1 = Math.max(y1, n.y + NOTE_HEIGHT);
  }
  const x = x0 - FRAME_PADDING;
  const y = y0 - FRAME_PADDING - FRAME_TITLE;
  return { x, y, w: Math.max(FRAME_MIN.w, x1 + FRAME_PADDING - x), h: Math.max(FRAME_MIN.h, y1 + FRAME_PADDING - y) };
}

function notePositions(doc: Y.Doc, ids: readonly string[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (const id of ids) {
    const m = itemsMap(doc).get(id);
    if (m instanceof Y.Map && m.get('deletedAt') === undefined) {
      const x = m.get('x');
      const y = m.get('y');
      if (finite(x) && finite(y)) out.push({ x, y });
    }
  }
  return out;
}

/** Put notes in a new named group, framed around them. Returns the group id. */
export function groupItems(doc: Y.Doc, ids: readonly string[], name: string, opts: CommandOptions & { color?: string } = {}): string {
  const id = 'g-' + newId(8);
  const frame = frameAround(notePositions(doc, ids));
  doc.transact(() => {
    groupsMap(doc).set(id, toYMap({ id, name: name.trim().slice(0, 60) || 'グループ', ...(frame ?? {}), color: opts.color ?? FRAME_COLORS[0] }));
    for (const itemId of ids) {
      const m = itemsMap(doc).get(itemId);
      if (m instanceof Y.Map) m.set('groupId', id);
    }
  }, opts.origin ?? LOCAL);
  return id;
}

export function ungroupItems(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const itemId of ids) {
      const m = itemsMap(doc).get(itemId);
      if (m instanceof Y.Map) m.delete('groupId');
    }
  }, opts.origin ?? LOCAL);
}

export function renameGroup(doc: Y.Doc, id: string, name: string, opts: CommandOptions = {}): void {
  const m = groupsMap(doc).get(id);
  if (m) doc.transact(() => m.set('name', name.trim().slice(0, 60)), opts.origin ?? LOCAL);
}
