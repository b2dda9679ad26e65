import * as Y from 'yjs';
import { columnsArray, connectorsMap, groupsMap, itemsMap, LOCAL } from '@tsunagu/shared';

type StackEvent = { stackItem: { meta: Map<unknown, unknown> }; origin: unknown; type: 'undo' | 'redo' };

/**
 * Undo/redo of this user's own changes only: each Y.UndoManager tracks transactions whose
 * origin is `LOCAL`; remote updates (origin: the provider) are never undone.
 *
 * Staff also edit the restricted document (心配な世帯), which gets an UndoManager of its own.
 * The two act as one history: every stack item is stamped with a sequence number when it is
 * added or extended, undo and redo take the newer top of the two stacks, and a new change in
 * either document clears both redo stacks, as one history would.
 */
export class UndoHistory {
  private readonly managers: Y.UndoManager[];
  private seq = 0;

  constructor(doc: Y.Doc, restrictedDoc: Y.Doc | null, onChange: () => void = () => {}, captureTimeout = 400) {
    const opts = { trackedOrigins: new Set<unknown>([LOCAL]), captureTimeout };
    this.managers = [new Y.UndoManager([itemsMap(doc), columnsArray(doc), groupsMap(doc), connectorsMap(doc)], opts)];
    if (restrictedDoc) this.managers.push(new Y.UndoManager([itemsMap(restrictedDoc)], opts));
    for (const um of this.managers) {
      const stamp = (e: StackEvent) => {
        e.stackItem.meta.set('seq', ++this.seq);
        // a new change (not one made by undo/redo itself) ends the redo history of both
        if (e.type === 'undo' && e.origin !== um) for (const other of this.managers) if (other !== um && other.redoStack.length > 0) other.clear(false, true);
        onChange();
      };
      um.on('stack-item-added', stamp);
      um.on('stack-item-updated', stamp);
      um.on('stack-item-popped', onChange);
      um.on('stack-cleared', onChange);
    }
  }

  /** The manager whose top item on that stack is the most recent. */
  private newest(which: 'undoStack' | 'redoStack'): Y.UndoManager | undefined {
    const top = (m: Y.UndoManager) => Number(m[which][m[which].length - 1]?.meta.get('seq') ?? -1);
    return this.managers.filter((m) => m[which].length > 0).sort((a, b) => top(b) - top(a))[0];
  }

  undo(): void {
    this.newest('undoStack')?.undo();
  }

  redo(): void {
    this.newest('redoStack')?.redo();
  }

  get canUndo(): boolean {
    return this.managers.some((m) => m.undoStack.length > 0);
  }

  get canRedo(): boolean {
    return this.managers.some((m) => m.redoStack.length > 0);
  }

  /** End the current capture group, so the next change is a separate undo step. */
  stop(): void {
    for (const m of this.managers) m.stopCapturing();
  }

  destroy(): void {
    for (const m of this.managers) m.destroy();
  }
}
