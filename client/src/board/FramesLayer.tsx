import { memo, useRef } from 'react';
import { Group, Rect, Text } from 'react-konva';
import type Konva from 'konva';
import { FRAME_MIN, safeColor, type Group as NoteGroup } from '@tsunagu/shared';

/**
 * Frames (図式化, KJ法's islands): a named, coloured rectangle around a group's notes. A frame
 * with its own rectangle (set when the group was made, or resized) is drawn there; an older
 * group without one is drawn around its notes.
 *
 * For staff and the facilitator the name tab moves the frame with its notes (the notes follow
 * while dragging, through `onDragging`) and the corner handle resizes it; both are written
 * once, on release. Everyone else sees them only.
 */
export interface FrameView {
  group: NoteGroup;
  x: number;
  y: number;
  w: number;
  h: number;
}

const TAB_H = 44;
const HANDLE = 28;

export const FramesLayer = memo(function FramesLayer(p: {
  frames: readonly FrameView[];
  projector: boolean;
  interactive: boolean;
  onDragging(d: { id: string; dx: number; dy: number } | null): void;
  onMove(id: string, dx: number, dy: number): void;
  onResize(id: string, rect: { x: number; y: number; w: number; h: number }): void;
  onSelect(id: string): void;
}) {
  return (
    <>
      {p.frames.map((f) => (
        <FrameShape key={f.group.id} f={f} {...p} />
      ))}
    </>
  );
});

function FrameShape({ f, projector, interactive, onDragging, onMove, onResize, onSelect }: { f: FrameView } & Omit<Parameters<typeof FramesLayer>[0], 'frames'>) {
  const ink = '#4a148c';
  const fill = safeColor(f.group.color, '#ede7f6');
  const fontSize = projector ? 32 : 22;
  const tabW = Math.min(f.w, Math.max(160, ([...f.group.name].length + 1.6) * fontSize + 36));
  const resizeRef = useRef<Konva.Rect>(null);
  const stop = (e: Konva.KonvaEventObject<Event>) => {
    e.cancelBubble = true;
  };
  return (
    <Group x={f.x} y={f.y} name="frame" id={`frame-${f.group.id}`}>
      <Rect width={f.w} height={f.h} fill={fill} opacity={0.55} cornerRadius={14} listening={false} perfectDrawEnabled={false} />
      <Rect width={f.w} height={f.h} stroke={ink} strokeWidth={projector ? 5 : 3} cornerRadius={14} listening={false} perfectDrawEnabled={false} />
      {/* the name tab above the frame: the handle that moves it (and its notes) */}
      <Group
        y={-TAB_H - 4}
        draggable={interactive}
        listening={interactive}
        onMouseDown={stop}
        onTouchStart={stop}
        onClick={() => onSelect(f.group.id)}
        onTap={() => onSelect(f.group.id)}
        onDragMove={(e) => onDragging({ id: f.group.id, dx: e.target.x(), dy: e.target.y() + TAB_H + 4 })}
        onDragEnd={(e) => {
          const dx = e.target.x();
          const dy = e.target.y() + TAB_H + 4;
          e.target.position({ x: 0, y: -TAB_H - 4 });
          onDragging(null);
          if (dx !== 0 || dy !== 0) onMove(f.group.id, dx, dy);
        }}
      >
        <Rect width={tabW} height={TAB_H} fill={ink} cornerRadius={[10, 10, 0, 0]} perfectDrawEnabled={false} />
        <Text x={12} width={tabW - 24} height={TAB_H} verticalAlign="middle" text={`▣ ${f.group.name}`} fontSize={fontSize} fontStyle="bold" fill="#ffffff" wrap="none" ellipsis listening={false} />
      </Group>
      {interactive && (
        <Rect
          ref={resizeRef}
          x={f.w - HANDLE}
          y={f.h - HANDLE}
          width={HANDLE}
          height={HANDLE}
          fill="#ffffff"
          stroke={ink}
          strokeWidth={3}
          cornerRadius={4}
          draggable
          name="frame-resize"
          onMouseDown={stop}
          onTouchStart={stop}
          onDragEnd={(e) => {
            const w = Math.max(FRAME_MIN.w, e.target.x() + HANDLE);
            const h = Math.max(FRAME_MIN.h, e.target.y() + HANDLE);
            e.target.position({ x: f.w - HANDLE, y: f.h - HANDLE });
            onResize(f.group.id, { x: f.x, y: f.y, w, h });
          }}
        />
      )}
    </Group>
  );
}
