import { useMemo } from 'react';
import { NOTE_HEIGHT, NOTE_WIDTH, safeColor, visibleConnectors, type Category, type Connector, type Group, type Item } from '@tsunagu/shared';
import { frameBoxes, parallelOffsets, segmentBetween, type Box } from '../board/connectorGeometry.js';

/**
 * The 図式化 diagram as SVG, for the board image (board.png) and the printable diagram page:
 * frames (named, coloured rectangles), the notes where they are on the board, and connectors
 * (solid / dotted / bold, arrowheads, labels). Only the part of the board that holds frames
 * and connected notes is drawn, fitted into the given width.
 *
 * Text goes in as text nodes (React escapes it): nothing a participant typed becomes markup.
 */
export interface DiagramInput {
  items: readonly Item[];
  categories: readonly Category[];
  groups: readonly Group[];
  connectors: readonly Connector[];
}


const PAD = 60;

/** What the diagram holds: frames, connected notes, and notes inside frames. Null when empty. */
export function diagramOf(d: DiagramInput) {
  const restricted = new Set(d.categories.filter((c) => c.restricted).map((c) => c.id));
  const items = d.items.filter((i) => i.deletedAt === undefined && !restricted.has(i.category));
  const byId = new Map(items.map((i) => [i.id, i]));
  const frames = frameBoxes(d.groups, items);
  const ends = new Map<string, Box>();
  for (const i of items) ends.set(i.id, { x: i.x, y: i.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
  for (const f of frames) ends.set(f.group.id, f.box);
  const connectors = visibleConnectors(d.connectors, new Set(ends.keys()));
  const shown = new Set<string>();
  for (const c of connectors) for (const id of [c.from, c.to]) if (byId.has(id)) shown.add(id);
  const grouped = new Set(frames.map((f) => f.group.id));
  for (const i of items) if (i.groupId && grouped.has(i.groupId)) shown.add(i.id);
  const notes = items.filter((i) => shown.has(i.id));
  if (!frames.length && !connectors.length) return null;
  const boxes = [...frames.map((f) => f.box), ...notes.map((n) => ends.get(n.id)!)];
  const x0 = Math.min(...boxes.map((b) => b.x)) - PAD;
  const y0 = Math.min(...boxes.map((b) => b.y)) - PAD - 50;
  const x1 = Math.max(...boxes.map((b) => b.x + b.w)) + PAD;
  const y1 = Math.max(...boxes.map((b) => b.y + b.h)) + PAD;
  return { frames, notes, connectors, ends, viewBox: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } };
}

export function DiagramSvg({ input, width, height, testId = 'diagram' }: { input: DiagramInput; width?: number; height?: number; testId?: string }) {
  const dia = useMemo(() => diagramOf(input), [input]);
  const catById = useMemo(() => new Map(input.categories.map((c) => [c.id, c])), [input.categories]);
  if (!dia) return null;
  const { viewBox: vb } = dia;
  const offsets = parallelOffsets(dia.connectors);
  const segs = dia.connectors.map((c) => ({ c, ...segmentBetween(dia.ends.get(c.from)!, dia.ends.get(c.to)!, c, offsets.get(c.id) ?? 0, 8) }));
  return (
    <svg
      data-testid={testId}
      className="diagram-svg"
      viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`}
      width={width ?? '100%'}
      height={height}
      preserveAspectRatio="xMidYMid meet"
      role="img"
    >
      <defs>
        <marker id="dia-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#37474f" />
        </marker>
      </defs>
      {dia.frames.map(({ group, box }) => (
        <g key={group.id} data-frame={group.id}>
          <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={14} fill={safeColor(group.color, '#ede7f6')} stroke="#4a148c" strokeWidth={4} />
          <rect x={box.x} y={box.y - 48} width={Math.min(box.w, Math.max(180, [...group.name].length * 28 + 60))} height={44} rx={10} fill="#4a148c" />
          <text x={box.x + 14} y={box.y - 17} fontSize={26} fontWeight={700} fill="#ffffff">
            ▣ {group.name}
          </text>
        </g>
      ))}
      {segs.map(({ c, x1, y1, x2, y2 }) => {
        const w = c.style === 'bold' ? 9 : 4;
        return (
          <line
            key={c.id}
            data-line={c.id}
            x1={x1}
            y1={y1}
            x2={x2}
            y2={y2}
            stroke="#37474f"
            strokeWidth={w}
            strokeLinecap="round"
            strokeDasharray={c.style === 'dotted' ? `${w * 3} ${w * 2.5}` : undefined}
            markerEnd={c.arrow === 'none' ? undefined : 'url(#dia-head)'}
            markerStart={c.arrow === 'both' ? 'url(#dia-head)' : undefined}
          />
        );
      })}
      {/* labels above every line */}
      {segs.map(({ c, x1, y1, x2, y2 }) => {
        const mx = (x1 + x2) / 2;
        const my = (y1 + y2) / 2;
        const lw = [...c.label].reduce((s, ch) => s + (ch.charCodeAt(0) > 0xff ? 24 : 14), 0) + 20;
        return (
          <g key={c.id} data-connector={c.id} data-style={c.style}>
            {c.label && (
              <>
                <rect x={mx - lw / 2} y={my - 20} width={lw} height={40} rx={8} fill="#ffffff" stroke="#37474f" strokeWidth={2} />
                <text x={mx} y={my + 8} fontSize={24} fontWeight={700} textAnchor="middle" fill="#1a1a1a">
                  {c.label}
                </text>
              </>
            )}
          </g>
        );
      })}
      {dia.notes.map((n) => {
        const cat = catById.get(n.category);
        return (
          <g key={n.id} data-note={n.id}>
            <rect x={n.x} y={n.y} width={NOTE_WIDTH} height={NOTE_HEIGHT} rx={8} fill="#fffde7" stroke="#9e9e9e" strokeWidth={1.5} />
            <rect x={n.x} y={n.y} width={12} height={NOTE_HEIGHT} rx={4} fill={safeColor(cat?.color, '#999999')} />
            <foreignObject x={n.x + 18} y={n.y + 8} width={NOTE_WIDTH - 26} height={NOTE_HEIGHT - 16}>
              <div className="diagram-note-text">{n.text}</div>
            </foreignObject>
          </g>
        );
      })}
    </svg>
  );
}
