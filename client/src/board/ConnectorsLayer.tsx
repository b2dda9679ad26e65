import { memo, useMemo, useSyncExternalStore } from 'react';
import { Shape } from 'react-konva';
import type Konva from 'konva';
import type { Connector } from '@tsunagu/shared';
import type { Rect as R } from './viewport.js';
import { parallelOffsets, segmentBetween } from './connectorGeometry.js';


/**
 * Connectors (図式化) on the board: a line from one note or frame to another, clipped to the
 * edges of both so arrowheads show beside the notes, solid / dotted / bold, with an optional
 * label on a white tag at the middle. Drawn under the notes in the board's single layer.
 *
 * All connectors are ONE Konva shape drawing every line on the canvas (a node per connector
 * cost ~2× the board's first render with 1,000 of them); a click on it finds the nearest line.
 * While a note is dragged its connectors follow it: the drag offsets come through a tiny
 * store (DragBus) so only this layer re-renders on each pointer move, not the whole board;
 * the connectors that do not touch the dragged notes stay one unchanged shape.
 */

/** Drag offsets of the notes being moved here (local drag) — published per pointer move. */
export class DragBus {
  private state: { ids: ReadonlySet<string>; dx: number; dy: number } | null = null;
  private readonly listeners = new Set<() => void>();
  publish(d: { ids: readonly string[]; dx: number; dy: number } | null): void {
    this.state = d ? { ids: this.state && sameIds(this.state.ids, d.ids) ? this.state.ids : new Set(d.ids), dx: d.dx, dy: d.dy } : null;
    for (const l of this.listeners) l();
  }
  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  readonly snapshot = () => this.state;
}
const sameIds = (a: ReadonlySet<string>, b: readonly string[]) => a.size === b.length && b.every((id) => a.has(id));

const shifted = (r: R, o: { dx: number; dy: number } | undefined): R => (o ? { ...r, x: r.x + o.dx, y: r.y + o.dy } : r);

export interface ConnectorsLayerProps {
  connectors: readonly Connector[];
  /** Rectangles of every live end (notes and frames) by id. */
  rects: ReadonlyMap<string, R>;
  /** Others' drags in progress (awareness), by note id. */
  remoteOffsets: ReadonlyMap<string, { dx: number; dy: number }>;
  bus: DragBus;
  selected: string | null;
  projector: boolean;
  /** Staff and facilitator: a click selects a connector (others only see them). */
  interactive: boolean;
  onSelect(id: string): void;
}

export const ConnectorsLayer = memo(function ConnectorsLayer(p: ConnectorsLayerProps) {
  const drag = useSyncExternalStore(p.bus.subscribe, p.bus.snapshot);
  const visible = useMemo(() => p.connectors.filter((c) => p.rects.has(c.from) && p.rects.has(c.to)), [p.connectors, p.rects]);
  const dragIds = drag?.ids;
  const [still, moving] = useMemo(() => {
    if (!dragIds) return [visible, [] as Connector[]];
    const a: Connector[] = [];
    const b: Connector[] = [];
    for (const c of visible) (dragIds.has(c.from) || dragIds.has(c.to) ? b : a).push(c);
    return [a, b];
  }, [visible, dragIds]);
  const offsets = useMemo(() => parallelOffsets(visible), [visible]);
  const stillLines = useMemo(() => linesOf(still, p.rects, p.remoteOffsets, null, offsets), [still, p.rects, p.remoteOffsets, offsets]);
  const movingLines = linesOf(moving, p.rects, p.remoteOffsets, drag, offsets);
  return (
    <>
      <ConnectorShape lines={stillLines} selected={p.selected} projector={p.projector} interactive={p.interactive} onSelect={p.onSelect} />
      {movingLines.length > 0 && <ConnectorShape lines={movingLines} selected={p.selected} projector={p.projector} interactive={false} onSelect={p.onSelect} />}
    </>
  );
});

/** One connector as drawn: its end points on the outlines of its ends. */
export interface Line {
  c: Connector;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function linesOf(
  list: readonly Connector[],
  rects: ReadonlyMap<string, R>,
  remote: ReadonlyMap<string, { dx: number; dy: number }>,
  drag: { ids: ReadonlySet<string>; dx: number; dy: number } | null,
  offsets: ReadonlyMap<string, number>,
): Line[] {
  const rectOf = (id: string): R => {
    const r = rects.get(id)!;
    if (drag?.ids.has(id)) return shifted(r, drag);
    return shifted(r, remote.get(id));
  };
  return list.map((c) => ({ c, ...segmentBetween(rectOf(c.from), rectOf(c.to), c, offsets.get(c.id) ?? 0) }));
}

const INK = '#37474f';
const SELECTED = '#1565c0';
const FONT = '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif';

/** Line width, arrowhead size and label size of a connector on this screen. */
export function connectorMetrics(c: Pick<Connector, 'style'>, projector: boolean) {
  // at the back of a hall a 4 px line at half zoom is a hair: the projector draws thicker
  const base = c.style === 'bold' ? 9 : 4;
  return { width: projector ? base * 1.6 : base, head: projector ? 26 : 18, fontSize: projector ? 30 : 22 };
}

/** Distance from point p to segment (x1,y1)–(x2,y2). */
function distance(px: number, py: number, l: Line): number {
  const dx = l.x2 - l.x1;
  const dy = l.y2 - l.y1;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - l.x1) * dx + (py - l.y1) * dy) / len));
  return Math.hypot(px - (l.x1 + t * dx), py - (l.y1 + t * dy));
}

function drawLine(ctx: CanvasRenderingContext2D, l: Line, selected: boolean, projector: boolean): void {
  const { c } = l;
  const m = connectorMetrics(c, projector);
  const color = selected ? SELECTED : INK;
  const width = selected ? m.width + 2 : m.width;
  const ang = Math.atan2(l.y2 - l.y1, l.x2 - l.x1);
  const headAt = (x: number, y: number, a: number) => {
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x - m.head * Math.cos(a - 0.4), y - m.head * Math.sin(a - 0.4));
    ctx.lineTo(x - m.head * Math.cos(a + 0.4), y - m.head * Math.sin(a + 0.4));
    ctx.closePath();
    ctx.fill();
  };
  // the line stops short of an arrowhead so its round cap does not poke through the tip
  const cut = c.arrow === 'none' ? 0 : m.head * 0.8;
  const sx = c.arrow === 'both' ? l.x1 + cut * Math.cos(ang) : l.x1;
  const sy = c.arrow === 'both' ? l.y1 + cut * Math.sin(ang) : l.y1;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.setLineDash(c.style === 'dotted' ? [width * 3, width * 2.5] : []);
  ctx.beginPath();
  ctx.moveTo(sx, sy);
  ctx.lineTo(l.x2 - cut * Math.cos(ang), l.y2 - cut * Math.sin(ang));
  ctx.stroke();
  ctx.setLineDash([]);
  if (c.arrow !== 'none') headAt(l.x2, l.y2, ang);
  if (c.arrow === 'both') headAt(l.x1, l.y1, ang + Math.PI);

}

function drawLabel(ctx: CanvasRenderingContext2D, l: Line, selected: boolean, projector: boolean): void {
  const { c } = l;
  const m = connectorMetrics(c, projector);
  const color = selected ? SELECTED : INK;
  ctx.font = `bold ${m.fontSize}px ${FONT}`;
  const w = ctx.measureText(c.label).width + 16;
  const h = m.fontSize + 16;
  const mx = (l.x1 + l.x2) / 2 - w / 2;
  const my = (l.y1 + l.y2) / 2 - h / 2;
  ctx.beginPath();
  ctx.roundRect(mx, my, w, h, 8);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = selected ? 3 : 1.5;
  ctx.setLineDash([]);
  ctx.stroke();
  ctx.fillStyle = '#1a1a1a';
  ctx.textBaseline = 'middle';
  ctx.fillText(c.label, mx + 8, my + h / 2 + 1);
}

const ConnectorShape = memo(function ConnectorShape(p: { lines: readonly Line[]; selected: string | null; projector: boolean; interactive: boolean; onSelect(id: string): void }) {
  const select = (e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    const at = e.target.getRelativePointerPosition();
    if (!at) return;
    let best: Line | null = null;
    let bestD = Infinity;
    for (const l of p.lines) {
      const d = distance(at.x, at.y, l);
      if (d < bestD) [best, bestD] = [l, d];
    }
    if (!best) return;
    e.cancelBubble = true;
    p.onSelect(best.c.id);
  };
  return (
    <Shape
      name="connectors"
      // for tests and tools: what is drawn, without reading pixels
      connectorLines={p.lines.map((l) => ({ id: l.c.id, points: [l.x1, l.y1, l.x2, l.y2], style: l.c.style, arrow: l.c.arrow, label: l.c.label }))}
      listening={p.interactive}
      perfectDrawEnabled={false}
      stroke="#000"
      strokeWidth={1}
      // a finger needs more than the line's few pixels
      hitStrokeWidth={32}
      sceneFunc={(context) => {
        const ctx = (context as unknown as { _context: CanvasRenderingContext2D })._context;
        ctx.save();
        for (const l of p.lines) drawLine(ctx, l, l.c.id === p.selected, p.projector);
        // labels on top of every line, so a crossing line never runs through a label
        for (const l of p.lines) if (l.c.label) drawLabel(ctx, l, l.c.id === p.selected, p.projector);
        ctx.restore();
      }}
      hitFunc={(context, shape) => {
        context.beginPath();
        for (const l of p.lines) {
          context.moveTo(l.x1, l.y1);
          context.lineTo(l.x2, l.y2);
        }
        context.strokeShape(shape);
      }}
      onClick={p.interactive ? select : undefined}
      onTap={p.interactive ? select : undefined}
    />
  );
});
