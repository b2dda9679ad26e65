import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, readItems, REMOTE, updateItem } from '@tsunagu/shared';
import { UndoHistory } from '../src/board/undoHistory.js';

/** One user's undo over the public and the restricted document (staff), as one history. */
describe('undo history over two documents', () => {
  const setup = () => {
    const pub = new Y.Doc();
    const res = new Y.Doc();
    // made before the history exists: not part of it
    const a = addItem(pub, { text: '買い物', category: 'ido', x: 0, y: 100 });
    const b = addItem(res, { text: '見守りが必要な世帯', category: 'shinpai', x: 0, y: 100 });
    const h = new UndoHistory(pub, res, () => {}, 0);
    const x = (doc: Y.Doc, id: string) => readItems(doc).find((i) => i.id === id)!.x;
    return { pub, res, a, b, h, x };
  };

  it('undoes the newest change first, whichever document it was in, and redoes in reverse', () => {
    const { pub, res, a, b, h, x } = setup();
    updateItem(pub, a, { x: 10 });
    h.stop();
    updateItem(res, b, { x: 20 });
    h.stop();
    updateItem(pub, a, { x: 30 });
    expect(h.canUndo).toBe(true);
    h.undo();
    expect([x(pub, a), x(res, b)]).toEqual([10, 20]);
    h.undo();
    expect([x(pub, a), x(res, b)]).toEqual([10, 0]);
    h.undo();
    expect([x(pub, a), x(res, b)]).toEqual([0, 0]);
    expect(h.canUndo).toBe(false);
    h.redo();
    expect([x(pub, a), x(res, b)]).toEqual([10, 0]);
    h.redo();
    expect([x(pub, a), x(res, b)]).toEqual([10, 20]);
    h.redo();
    expect([x(pub, a), x(res, b)]).toEqual([30, 20]);
    expect(h.canRedo).toBe(false);
  });

  it('never undoes a remote change, and a new change ends the redo history of both documents', () => {
    const { pub, res, a, b, h, x } = setup();
    updateItem(res, b, { x: 5 });
    h.stop();
    updateItem(pub, a, { x: 7 });
    updateItem(pub, a, { y: 300 }, { origin: REMOTE });
    h.undo();
    h.undo();
    expect([x(pub, a), x(res, b)]).toEqual([0, 0]);
    expect(readItems(pub).find((i) => i.id === a)!.y).toBe(300);
    expect(h.canRedo).toBe(true);
    // a new change in the public document: redoing the restricted move would now be out of order
    updateItem(pub, a, { x: 99 });
    expect(h.canRedo).toBe(false);
    h.redo();
    expect(x(res, b)).toBe(0);
    h.destroy();
  });
});
