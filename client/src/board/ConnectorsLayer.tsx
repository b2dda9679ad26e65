import { memo, useMemo, useSyncExternalStore } from 'react';
import { Arrow, Group, Label, Tag, Text } from 'react-konva';
import type Konva from 'konva';
import type { Connector } from '@tsunagu/shared';
import type { Rect as R } from './viewport.js';

/**
 * Connectors (図式化) on the board: a line from one note or frame to another, clipped to the
 * edges of both so arrowheads show beside the notes, solid / dotted / bold, with an optional
 * label on a white tag at the middle. Drawn under the notes in the board's single layer.
 *
 * While a note is dragged its connectors follow it: the drag offsets come through a tiny
 * store (DragBus) so only this layer re-renders on each pointer move, not the whole board;
 * the connectors that do not touch the dragged notes are one memoised group.
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

/** Where a segment from the centre of `r` towards `to` leaves `r` (plus a small gap). */
export function edgePoint(r: R, to: { x: number; y: number }, gap = 6): { x: number; y: number } {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  const dx = to.x - cx;
  const dy = to.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const t = Math.min(dx === 0 ? Infinity : (r.w / 2 + gap) / Math.abs(dx), dy === 0 ? Infinity : (r.h / 2 + gap) / Math.abs(dy));
  return t >= 1 ? { x: cx, y: cy } : { x: cx + dx * t, y: cy + dy * t };
}

const centre = (r: R) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
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
  const common = { rects: p.rects, remoteOffsets: p.remoteOffsets, selected: p.selected, projector: p.projector, interactive: p.interactive, onSelect: p.onSelect };
  return (
    <Group listening={p.interactive}>
      <ConnectorList list={still} drag={null} {...common} />
      {moving.length > 0 && <ConnectorList list={moving} drag={drag} {...common} />}
    </Group>
  );
});

type ListProps = Omit<ConnectorsLayerProps, 'connectors' | 'bus'> & {
  list: readonly Connector[];
  drag: { ids: ReadonlySet<string>; dx: number; dy: number } | null;
};

const ConnectorList = memo(function ConnectorList({ list, drag, rects, remoteOffsets, ...rest }: ListProps) {
  const rectOf = (id: string): R => {
    const r = rects.get(id)!;
    if (drag?.ids.has(id)) return shifted(r, drag);
    return shifted(r, remoteOffsets.get(id));
  };
  return (
    <>
      {list.map((c) => {
        const a = rectOf(c.from);
        const b = rectOf(c.to);
        const p1 = edgePoint(a, centre(b));
        const p2 = edgePoint(b, centre(a));
        return <ConnectorShape key={c.id} c={c} x1={p1.x} y1={p1.y} x2={p2.x} y2={p2.y} selected={rest.selected === c.id} projector={rest.projector} interactive={rest.interactive} onSelect={rest.onSelect} />;
      })}
    </>
  );
});

const INK = '#37474f';
const SELECTED = '#1565c0';

const ConnectorShape = memo(function ConnectorShape(p: {
  c: Connector;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  selected: boolean;
  projector: boolean;
  interactive: boolean;
  onSelect(id: string): void;
}) {
  const { c, projector } = p;
  // at the back of a hall a 3 px line at 0.5 zoom is a hair: the projector draws thicker
  const base = c.style === 'bold' ? 9 : 4;
  const width = projector ? base * 1.6 : base;
  const head = projector ? 26 : 18;
  const color = p.selected ? SELECTED : INK;
  const select = (e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    e.cancelBubble = true;
    p.onSelect(c.id);
  };
  const mx = (p.x1 + p.x2) / 2;
  const my = (p.y1 + p.y2) / 2;
  const fontSize = projector ? 30 : 22;
  // centred on the line's middle: the tag's size estimated from the text (full-width
  // characters are as wide as the font is tall; Konva measures only after drawing)
  const labelW = [...c.label].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? fontSize : fontSize * 0.6), 0) + 16;
  const labelH = fontSize + 16;
  return (
    <Group name="connector" id={`connector-${c.id}`}>
      <Arrow
        points={[p.x1, p.y1, p.x2, p.y2]}
        stroke={color}
        fill={color}
        strokeWidth={p.selected ? width + 2 : width}
        dash={c.style === 'dotted' ? [width * 3, width * 2.5] : undefined}
        lineCap="round"
        pointerLength={c.arrow === 'none' ? 0 : head}
        pointerWidth={c.arrow === 'none' ? 0 : head}
        pointerAtBeginning={c.arrow === 'both'}
        pointerAtEnding={c.arrow !== 'none'}
        // a finger needs more than the line's few pixels
        hitStrokeWidth={32}
        perfectDrawEnabled={false}
        onClick={p.interactive ? select : undefined}
        onTap={p.interactive ? select : undefined}
      />
      {c.label && (
        <Label x={mx} y={my} offsetX={labelW / 2} offsetY={labelH / 2} onClick={p.interactive ? select : undefined} onTap={p.interactive ? select : undefined}>
          <Tag fill="#ffffff" stroke={color} strokeWidth={p.selected ? 3 : 1.5} cornerRadius={8} pointerDirection="none" />
          <Text text={c.label} fontSize={fontSize} fontStyle="bold" fill="#1a1a1a" padding={8} />
        </Label>
      )}
    </Group>
  );
});
