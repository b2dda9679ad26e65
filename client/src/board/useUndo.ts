import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { columnsArray, groupsMap, itemsMap, LOCAL } from '@tsunagu/shared';

/**
 * Undo/redo of this user's own changes only: the UndoManager tracks transactions whose
 * origin is `LOCAL`; remote updates (origin: the provider) are never undone.
 */
export function useUndo(doc: Y.Doc) {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [, setTick] = useState(0);
  useEffect(() => {
    const um = new Y.UndoManager([itemsMap(doc), columnsArray(doc), groupsMap(doc)], {
      trackedOrigins: new Set([LOCAL]),
      captureTimeout: 400,
    });
    const bump = () => setTick((t) => t + 1);
    um.on('stack-item-added', bump);
    um.on('stack-item-popped', bump);
    um.on('stack-cleared', bump);
    setManager(um);
    return () => {
      um.off('stack-item-added', bump);
      um.off('stack-item-popped', bump);
      um.off('stack-cleared', bump);
      um.destroy();
      setManager(null);
    };
  }, [doc]);
  return {
    undo: () => manager?.undo(),
    redo: () => manager?.redo(),
    canUndo: (manager?.undoStack.length ?? 0) > 0,
    canRedo: (manager?.redoStack.length ?? 0) > 0,
    /** End the current capture group, so the next change is a separate undo step. */
    stop: () => manager?.stopCapturing(),
  };
}
