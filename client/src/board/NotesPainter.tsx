import { memo, useCallback, useRef } from 'react';
import { Shape } from 'react-konva';
import type Konva from 'konva';
import { NOTE_HEIGHT, NOTE_WIDTH, safeColor, type Category } from '@tsunagu/shared';
import { tint } from './colors.js';
import type { BoardNote } from './useBoardData.js';
import { intersects, visibleRect, type View } from './viewport.js';

/**
 * Draws, in one shape, every note that is on screen but not mounted as an interactive
 * NoteShape: the notes a pan or zoom brings into view before the gesture settles (they are
 * mounted then), and zoomed far out the notes beyond the mounting budget. They are drawn as
 * plain papers with their colour bar (batched by colour: a few fills for hundreds of notes),
 * which is what a note looks like at that size or for the moment until it is mounted.
 * Reads the live view from a ref, so it is right on every frame of a gesture without React.
 */
export interface NotesPainterProps {
  notes: readonly BoardNote[];
  categories: ReadonlyMap<string, Category>;
  /** Notes drawn by their own NoteShape (skipped here). */
  mounted: ReadonlySet<string>;
  view: { readonly current: View };
  width: number;
  height: number;
}

const RESTRICTED_FILL = '#efebe9';
const DEFAULT_COLOR = '#bdbdbd';

export const NotesPainter = memo(function NotesPainter(p: NotesPainterProps) {
  const props = useRef(p);
  props.current = p;
  const tints = useRef(new Map<string, string>());
  const sceneFunc = useCallback((context: Konva.Context) => {
    const { notes, categories, mounted, view, width, height } = props.current;
    const v = view.current;
    const area = visibleRect(v, width, height, 0.02);
    const byFill = new Map<string, BoardNote[]>();
    const byBar = new Map<string, BoardNote[]>();
    let count = 0;
    for (const n of notes) {
      if (mounted.has(n.id)) continue;
      if (!intersects(area, { x: n.x, y: n.y, w: NOTE_WIDTH, h: NOTE_HEIGHT })) continue;
      count++;
      const color = safeColor(categories.get(n.category)?.color, DEFAULT_COLOR);
      let fill = RESTRICTED_FILL;
      if (!n.restricted) {
        fill = tints.current.get(color) ?? tint(color, 0.72);
        tints.current.set(color, fill);
      }
      (byFill.get(fill) ?? byFill.set(fill, []).get(fill)!).push(n);
      (byBar.get(color) ?? byBar.set(color, []).get(color)!).push(n);
    }
    if (count === 0) return;
    const ctx = context._context;
    for (const [fill, list] of byFill) {
      ctx.beginPath();
      for (const n of list) ctx.rect(n.x, n.y, NOTE_WIDTH, NOTE_HEIGHT);
      ctx.fillStyle = fill;
      ctx.fill();
    }
    // borders only where they are at least about a pixel wide
    if (v.scale >= 0.5) {
      ctx.beginPath();
      for (const list of byFill.values()) for (const n of list) ctx.rect(n.x, n.y, NOTE_WIDTH, NOTE_HEIGHT);
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#9e9e9e';
      ctx.stroke();
    }
    for (const [color, list] of byBar) {
      ctx.beginPath();
      for (const n of list) ctx.rect(n.x, n.y, NOTE_WIDTH, 8);
      ctx.fillStyle = color;
      ctx.fill();
    }
  }, []);
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});
