import { useState } from 'react';
import { Arrow, Circle, Group, Text } from 'react-konva';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tsunagu/shared';
import type { Rect as R } from './viewport.js';

/**
 * 図式化 by dragging: the one selected note (staff and facilitator) shows a round ↗ handle at
 * its right edge; dragging it draws a line to the pointer, and dropping it on another note or
 * frame connects the two (`onConnect`). Dropped elsewhere, nothing happens.
 */
const RADIUS = 16;

export function ConnectHandle({ note, scale, endAt, onConnect }: { note: { id: string; x: number; y: number }; scale: number; endAt(x: number, y: number): string | null; onConnect(from: string, to: string): void }) {
  const hx = note.x + NOTE_WIDTH + RADIUS + 6;
  const hy = note.y + NOTE_HEIGHT / 2;
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  // the handle keeps its size on screen at any zoom (a finger is the same size at 0.3×)
  const r = RADIUS / Math.max(0.4, Math.min(scale, 1.5));
  return (
    <Group name="connect-handle">
      {drag && <Arrow points={[note.x + NOTE_WIDTH, hy, drag.x, drag.y]} stroke="#1565c0" fill="#1565c0" strokeWidth={4} dash={[12, 8]} pointerLength={16} pointerWidth={16} listening={false} />}
      <Circle
        x={hx}
        y={hy}
        radius={r}
        fill="#1565c0"
        stroke="#ffffff"
        strokeWidth={3}
        draggable
        hitStrokeWidth={20}
        onMouseDown={(e) => {
          e.cancelBubble = true;
        }}
        onTouchStart={(e) => {
          e.cancelBubble = true;
        }}
        onDragMove={(e) => setDrag({ x: e.target.x(), y: e.target.y() })}
        onDragEnd={(e) => {
          const target = endAt(e.target.x(), e.target.y());
          e.target.position({ x: hx, y: hy });
          setDrag(null);
          if (target && target !== note.id) onConnect(note.id, target);
        }}
      />
      {!drag && <Text x={hx - r * 0.55} y={hy - r * 0.6} text="↗" fontSize={r * 1.3} fill="#ffffff" listening={false} />}
    </Group>
  );
}

/** The note or frame at a board point: notes first (the topmost, drawn last), then frames. */
export function endAtPoint(x: number, y: number, notes: readonly { id: string; x: number; y: number }[], frames: readonly { group: { id: string }; x: number; y: number; w: number; h: number }[]): string | null {
  const inside = (r: R) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
  for (let i = notes.length - 1; i >= 0; i--) {
    const n = notes[i]!;
    if (inside({ x: n.x, y: n.y, w: NOTE_WIDTH, h: NOTE_HEIGHT })) return n.id;
  }
  for (const f of frames) if (inside(f)) return f.group.id;
  return null;
}
