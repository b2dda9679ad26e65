import { useEffect, useRef } from 'react';

/**
 * Board shortcuts (ignored while typing in a field): N new note, Delete/Backspace delete,
 * Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo, arrows pan, + / - zoom, 0 fit, 1–9 bring
 * that lane to the full width, Esc deselect. `viewOnly` (the projector) keeps only the keys
 * that move the view.
 */
export interface BoardKeyActions {
  newNote(): void;
  del(): void;
  undo(): void;
  redo(): void;
  pan(dx: number, dy: number): void;
  zoom(factor: number): void;
  fit(): void;
  lane(index: number): void;
  escape(): void;
}

export function useBoardKeys(actions: BoardKeyActions, enabled: boolean, viewOnly = false) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.isComposing || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))) return;
      const a = ref.current;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key;
      let handled = true;
      if (viewOnly && (mod || k === 'n' || k === 'N' || k === 'Delete' || k === 'Backspace' || k === 'Escape')) return;
      if (mod && (k === 'z' || k === 'Z')) (e.shiftKey ? a.redo : a.undo)();
      else if (mod && (k === 'y' || k === 'Y')) a.redo();
      else if (mod) handled = false;
      else if (k === 'n' || k === 'N') a.newNote();
      else if (k === 'Delete' || k === 'Backspace') a.del();
      else if (k === 'ArrowLeft') a.pan(80, 0);
      else if (k === 'ArrowRight') a.pan(-80, 0);
      else if (k === 'ArrowUp') a.pan(0, 80);
      else if (k === 'ArrowDown') a.pan(0, -80);
      else if (k === '+' || k === '=') a.zoom(1.2);
      else if (k === '-' || k === '_') a.zoom(1 / 1.2);
      else if (k === '0') a.fit();
      else if (k >= '1' && k <= '9' && k.length === 1) a.lane(Number(k) - 1);
      else if (k === 'Escape') a.escape();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, viewOnly]);
}
