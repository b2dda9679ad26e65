import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IMPORT, addItem, groupItems, groupsMap, initWorkshopDoc, itemsMap, readGroups, setItemText } from '@tsunagu/shared';
import { applyVersion } from '../src/history/applyVersion.js';

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** No lone UTF-16 surrogate (String.prototype.isWellFormed is ES2024). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('applyVersion (restore)', () => {
  it('restores emoji text without splitting a surrogate pair (issue 11, defect)', () => {
    const live = new Y.Doc();
    initWorkshopDoc(live, { title: 't' }, 1);
    const id = addItem(live, { text: '見守り😀', category: 'mimamori' });
    const version = fork(live);
    // 😀 U+1F600 and 😃 U+1F603 share their high surrogate: a UTF-16 prefix diff splits the pair.
    setItemText(live, id, '見守り😃');
    applyVersion(live, version, IMPORT);
    const text = (itemsMap(live).get(id)!.get('text') as Y.Text).toString();
    expect(text).toBe('見守り😀');
    expect(wellFormed(text)).toBe(true);
    // and the edit replicates to another copy unchanged
    const other = fork(live);
    expect((itemsMap(other).get(id)!.get('text') as Y.Text).toString()).toBe('見守り😀');
  });

  it('restores group names (the groups root was ignored)', () => {
    const live = new Y.Doc();
    initWorkshopDoc(live, { title: 't' }, 1);
    const id = addItem(live, { text: 'a', category: 'mimamori' });
    const g = groupItems(live, [id], '買い物');
    const version = fork(live);
    groupsMap(live).get(g)!.set('name', '別の名前');
    groupItems(live, [id], '後から');
    applyVersion(live, version, IMPORT);
    expect(readGroups(live)).toMatchObject([{ id: g, name: '買い物' }]);
  });
});
