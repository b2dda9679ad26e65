import { useCallback, useRef } from 'react';
import type Konva from 'konva';
import { columnAt, NOTE_WIDTH, type Column } from '@tsunagu/shared';
import type { BoardNote } from './useBoardData.js';

export interface Move {
  id: string;
  x: number;
  y: number;
  column: string;
}

export interface DragDeps {
  notes: ReadonlyMap<string, BoardNote>;
  columns: readonly Column[];
  selection: ReadonlySet<string>;
  /** Expand a set of ids with the members of their groups (a group moves together). */
  expand(ids: Iterable<string>): Set<string>;
  setSelection(s: Set<string>): void;
  onDragging(d: { id: string; x: number; y: number; ids: string[]; dx: number; dy: number } | null): void;
  onDrop(moves: Move[]): void;
}

/**
 * Dragging one or many notes: the other selected notes follow imperatively (no React render
 * per frame), the position goes out through awareness once per animation frame, and the
 * document is written once, on drop, with each note's lane taken from its centre.
 */
export function useNoteDrag(depsIn: DragDeps) {
  const deps = useRef(depsIn);
  deps.current = depsIn;
  const start = useRef(new Map<string, { x: number; y: number }>());
  const frame = useRef(0);

  const onDragStart = useCallback((id: string) => {
    const d = deps.current;
    const ids = d.selection.has(id) ? d.expand(d.selection) : d.expand([id]);
    if (!d.selection.has(id) || ids.size !== d.selection.size) d.setSelection(ids);
    start.current = new Map();
    for (const other of ids) {
      const n = d.notes.get(other);
      if (n) start.current.set(other, { x: n.x, y: n.y });
    }
  }, []);

  const onDragMove = useCallback((id: string, e: Konva.KonvaEventObject<DragEvent>) => {
    const s0 = start.current.get(id);
    if (!s0) return;
    const dx = e.target.x() - s0.x;
    const dy = e.target.y() - s0.y;
    const stage = e.target.getStage();
    for (const [other, p] of start.current) {
      if (other === id) continue;
      stage?.findOne(`#note-${other}`)?.position({ x: p.x + dx, y: p.y + dy });
    }
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() =>
      deps.current.onDragging({ id, x: s0.x + dx, y: s0.y + dy, ids: [...start.current.keys()], dx, dy }),
    );
  }, []);

  const onDragEnd = useCallback((id: string, e: Konva.KonvaEventObject<DragEvent>) => {
    const s0 = start.current.get(id);
    cancelAnimationFrame(frame.current);
    deps.current.onDragging(null);
    if (!s0) return;
    const dx = e.target.x() - s0.x;
    const dy = e.target.y() - s0.y;
    const moves: Move[] = [];
    for (const [other, p] of start.current) {
      const x = Math.round(p.x + dx);
      const y = Math.round(p.y + dy);
      moves.push({ id: other, x, y, column: columnAt(deps.current.columns, x + NOTE_WIDTH / 2) });
    }
    start.current = new Map();
    if (dx !== 0 || dy !== 0) deps.current.onDrop(moves);
  }, []);

  return { onDragStart, onDragMove, onDragEnd };
}
