import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { UndoHistory } from './undoHistory.js';

/** This user's undo/redo over the public document and, for staff, the restricted one (UndoHistory). */
export function useUndo(doc: Y.Doc, restrictedDoc: Y.Doc | null = null) {
  const [history, setHistory] = useState<UndoHistory | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    const h = new UndoHistory(doc, restrictedDoc, () => setTick((t) => t + 1));
    setHistory(h);
    return () => {
      h.destroy();
      setHistory(null);
    };
  }, [doc, restrictedDoc]);
  return {
    undo: () => history?.undo(),
    redo: () => history?.redo(),
    canUndo: history?.canUndo ?? false,
    canRedo: history?.canRedo ?? false,
    /** End the current capture group, so the next change is a separate undo step. */
    stop: () => history?.stop(),
  };
}
