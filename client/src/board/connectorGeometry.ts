import { NOTE_HEIGHT, NOTE_WIDTH, type Connector, type Group } from '@tsunagu/shared';

/** Geometry of connectors, shared by the board (Konva) and the diagram (SVG). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a segment from the centre of `r` towards `to` leaves `r` (plus a small gap). */
export function edgePoint(r: Box, to: { x: number; y: number }, gap = 6): { x: number; y: number } {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  const dx = to.x - cx;
  const dy = to.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const t = Math.min(dx === 0 ? Infinity : (r.w / 2 + gap) / Math.abs(dx), dy === 0 ? Infinity : (r.h / 2 + gap) / Math.abs(dy));
  return t >= 1 ? { x: cx, y: cy } : { x: cx + dx * t, y: cy + dy * t };
}

/** Space between connectors that join the same two things (A → B and B → A side by side). */
export const PARALLEL_GAP = 28;

/**
 * For connectors joining the same pair of ends, how far each is shifted sideways (board
 * units), so none hides another: the k-th of n gets (k − (n−1)/2) × PARALLEL_GAP, measured
 * against the pair's own direction (from the smaller id to the larger), so A → B and B → A
 * fall on opposite sides.
 */
export function parallelOffsets(connectors: readonly Pick<Connector, 'id' | 'from' | 'to'>[]): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const c of connectors) {
    const key = c.from < c.to ? `${c.from}\u0000${c.to}` : `${c.to}\u0000${c.from}`;
    const g = groups.get(key) ?? [];
    g.push(c.id);
    groups.set(key, g);
  }
  const out = new Map<string, number>();
  for (const ids of groups.values()) ids.forEach((id, k) => out.set(id, (k - (ids.length - 1) / 2) * PARALLEL_GAP));
  return out;
}

/** The drawn segment of a connector between two boxes, shifted sideways by `offset`. */
export function segmentBetween(a: Box, b: Box, c: Pick<Connector, 'from' | 'to'>, offset: number, gap = 6): { x1: number; y1: number; x2: number; y2: number } {
  const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const cb = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  // the pair's own direction (smaller id first), so opposite connectors shift apart
  const flip = c.from > c.to ? -1 : 1;
  const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
  const nx = (-(cb.y - ca.y) / len) * offset * flip;
  const ny = ((cb.x - ca.x) / len) * offset * flip;
  const p1 = edgePoint({ ...a, x: a.x + nx, y: a.y + ny }, { x: cb.x + nx, y: cb.y + ny }, gap);
  const p2 = edgePoint({ ...b, x: b.x + nx, y: b.y + ny }, { x: ca.x + nx, y: ca.y + ny }, gap);
  return { x1: p1.x, y1: p1.y, x2: p2.x, y2: p2.y };
}

/**
 * Where each group's frame is drawn: its own rectangle, or for an older group without one,
 * 12 units around its notes (a group with neither is not drawn).
 */
export function frameBoxes<G extends Pick<Group, 'id' | 'frame'>>(groups: readonly G[], notes: readonly { x: number; y: number; groupId?: string | undefined }[]): { group: G; box: Box }[] {
  const out: { group: G; box: Box }[] = [];
  for (const g of groups) {
    if (g.frame) {
      out.push({ group: g, box: g.frame });
      continue;
    }
    const members = notes.filter((n) => n.groupId === g.id);
    if (members.length === 0) continue;
    const x0 = Math.min(...members.map((n) => n.x)) - 12;
    const y0 = Math.min(...members.map((n) => n.y)) - 12;
    const x1 = Math.max(...members.map((n) => n.x + NOTE_WIDTH)) + 12;
    const y1 = Math.max(...members.map((n) => n.y + NOTE_HEIGHT)) + 12;
    out.push({ group: g, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } });
  }
  return out;
}
