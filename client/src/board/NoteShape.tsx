import { memo, useLayoutEffect, useRef } from 'react';
import { Circle, Group, Rect, Shape, Text } from 'react-konva';
import type Konva from 'konva';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tsunagu/shared';
import { cacheNow, cancelCache, scheduleCache } from './cacheQueue.js';
import { noteFontSize, tint } from './colors.js';

/**
 * One sticky note on the canvas: paper in the category's tint with a colour bar, the
 * category icon, wrapped text, the author's role small at the bottom, and dots when voting.
 * Memoised: a note re-renders only when its own props change.
 */
export interface NoteShapeProps {
  id: string;
  x: number;
  y: number;
  text: string;
  color: string;
  icon: string;
  author: string;
  roleColor: string;
  selected: boolean;
  draggable: boolean;
  restricted: boolean;
  /** Dots to show: own dots before reveal, the total after. */
  dots: number;
  dotsAreTotal: boolean;
  projector: boolean;
  /** Bitmap cache resolution (quantised zoom × device pixels); 0 disables the cache. */
  cacheRatio: number;
  /** Level of detail: zoomed far out, only the paper and its colour bar (no text, no cache). */
  lod: boolean;
  onDragStart(id: string, e: Konva.KonvaEventObject<DragEvent>): void;
  onDragMove(id: string, e: Konva.KonvaEventObject<DragEvent>): void;
  onDragEnd(id: string, e: Konva.KonvaEventObject<DragEvent>): void;
  onPointer(id: string, e: Konva.KonvaEventObject<MouseEvent | TouchEvent>): void;
  onOpen(id: string): void;
  onClick(id: string, e: Konva.KonvaEventObject<MouseEvent | TouchEvent>): void;
}

export const NoteShape = memo(function NoteShape(p: NoteShapeProps) {
  // Draw the note once into a bitmap and blit it on every frame (pan/zoom): text is the
  // expensive part in software rendering. Re-cached when anything shown changes.
  const content = useRef<Konva.Group>(null);
  const cachedContent = useRef('');
  useLayoutEffect(() => {
    const g = content.current;
    if (!g) return;
    if (p.lod) {
      if (g.isCached()) g.clearCache();
      return;
    }
    // A note just mounted, or whose content changed, is cached at once (it is drawn in this
    // frame anyway); a new zoom step only re-rasterises through the queue (meanwhile the
    // note is drawn from its previous bitmap, scaled).
    const shown = `${p.text}\u0000${p.color}\u0000${p.icon}\u0000${p.author}\u0000${p.roleColor}\u0000${p.selected}\u0000${p.restricted}\u0000${p.dots}\u0000${p.dotsAreTotal}\u0000${p.projector}`;
    if (!g.isCached() || cachedContent.current !== shown) cacheNow(g, p.cacheRatio);
    else scheduleCache(g, p.cacheRatio);
    cachedContent.current = shown;
    return () => cancelCache(g);
  }, [p.cacheRatio, p.text, p.color, p.icon, p.author, p.roleColor, p.selected, p.restricted, p.dots, p.dotsAreTotal, p.projector, p.lod]);
  return (
    <Group
      id={`note-${p.id}`}
      name="note"
      x={p.x}
      y={p.y}
      draggable={p.draggable}
      onDragStart={(e) => p.onDragStart(p.id, e)}
      onDragMove={(e) => p.onDragMove(p.id, e)}
      onDragEnd={(e) => p.onDragEnd(p.id, e)}
      onMouseDown={(e) => p.onPointer(p.id, e)}
      onTouchStart={(e) => p.onPointer(p.id, e)}
      onClick={(e) => p.onClick(p.id, e)}
      onTap={(e) => p.onClick(p.id, e)}
      onDblClick={() => p.onOpen(p.id)}
      onDblTap={() => p.onOpen(p.id)}
    >
      <Group ref={content} listening={false}>
        <Rect
          width={NOTE_WIDTH}
          height={NOTE_HEIGHT}
          fill={p.restricted ? '#efebe9' : tint(p.color, 0.72)}
          stroke={p.selected ? '#0d47a1' : p.restricted ? '#4e342e' : '#9e9e9e'}
          strokeWidth={p.selected ? 4 : 1}
          dash={p.restricted ? [6, 4] : undefined}
          cornerRadius={4}
          perfectDrawEnabled={false}
        />
        <Rect width={NOTE_WIDTH} height={8} fill={p.color} cornerRadius={[4, 4, 0, 0]} perfectDrawEnabled={false} listening={false} />
        {!p.lod && <NoteDetails {...p} />}
      </Group>
      <Shape width={NOTE_WIDTH} height={NOTE_HEIGHT} fill="#000" sceneFunc={drawNothing} hitFunc={hitPaper} />
    </Group>
  );
});

// The note's hit region is its paper, drawn as one rectangle into the hit graph; the drawn
// content (cached as a bitmap) does not listen, so no hit bitmap is ever made per note.
const drawNothing = () => {};
const hitPaper = (ctx: Konva.Context, shape: Konva.Shape) => {
  ctx.beginPath();
  ctx.rect(0, 0, NOTE_WIDTH, NOTE_HEIGHT);
  ctx.closePath();
  ctx.fillStrokeShape(shape);
};

/** Everything on a note but the paper: icon, text, author, dots. */
function NoteDetails(p: NoteShapeProps) {
  const fontSize = noteFontSize(p.text, p.projector);
  const pad = 10;
  return (
    <>
      <Text x={pad - 2} y={12} text={p.icon} fontSize={18} listening={false} perfectDrawEnabled={false} />
      <Text
        x={pad + 22}
        y={14}
        width={NOTE_WIDTH - pad * 2 - 22}
        height={NOTE_HEIGHT - 14 - 24}
        name="note-text"
        text={p.text}
        fontSize={fontSize}
        lineHeight={1.2}
        fontStyle="bold"
        fill="#111"
        wrap="char"
        ellipsis
        listening={false}
        perfectDrawEnabled={false}
      />
      <Rect x={pad} y={NOTE_HEIGHT - 20} width={8} height={8} fill={p.roleColor} cornerRadius={4} listening={false} />
      <Text
        x={pad + 12}
        y={NOTE_HEIGHT - 22}
        width={NOTE_WIDTH - pad * 2 - 50}
        text={p.author}
        fontSize={12}
        fill="#444"
        wrap="none"
        ellipsis
        listening={false}
        perfectDrawEnabled={false}
      />
      {p.dots > 0 && (
        <Group x={NOTE_WIDTH - 22} y={NOTE_HEIGHT - 22} listening={false}>
          <Circle radius={16} fill={p.dotsAreTotal ? '#d32f2f' : '#1565c0'} stroke="#fff" strokeWidth={2} />
          <Text x={-16} y={-9} width={32} align="center" text={String(p.dots)} fontSize={17} fontStyle="bold" fill="#fff" />
        </Group>
      )}
    </>
  );
}
