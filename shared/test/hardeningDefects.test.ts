import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ROOT,
  ROOT_KINDS,
  addItem,
  areaAt,
  buildBackup,
  diffText,
  groupItems,
  groupsMap,
  initWorkshopDoc,
  polygonBounds,
  readGroups,
  restoreBackup,
  rewriteHistory,
  type Area,
} from '../src/index.js';

function workshop(): Y.Doc {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: 'テスト' }, 1);
  return doc;
}

/** No lone UTF-16 surrogate (String.prototype.isWellFormed is ES2024). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('the groups root is part of the document model (issue 11, defect)', () => {
  it('is listed in ROOT and ROOT_KINDS, and groupsMap reaches it', () => {
    expect(ROOT.groups).toBe('groups');
    expect(ROOT_KINDS[ROOT.groups]).toBe('map');
    const doc = workshop();
    groupsMap(doc).set('g1', new Y.Map());
    expect(doc.share.has(ROOT.groups)).toBe(true);
  });

  it('a history rewrite keeps group names (it was silently skipped for workshops with groups)', () => {
    const doc = workshop();
    const id = addItem(doc, { text: 'a', category: 'mimamori' });
    const g = groupItems(doc, [id], '見守りグループ');
    const fresh = rewriteHistory(doc, 12345);
    expect(fresh).not.toBeNull();
    expect(readGroups(fresh!)).toMatchObject([{ id: g, name: '見守りグループ' }]);
  });

  it('a backup keeps group names and a restore brings them back', () => {
    const doc = workshop();
    const id = addItem(doc, { text: 'a', category: 'mimamori' });
    const g = groupItems(doc, [id], '買い物');
    const backup = JSON.parse(JSON.stringify(buildBackup(doc, undefined, 2))) as ReturnType<typeof buildBackup>;
    expect(backup.groups).toMatchObject([{ id: g, name: '買い物' }]);
    const into = workshop();
    restoreBackup(backup, into, undefined);
    expect(readGroups(into)).toMatchObject([{ id: g, name: '買い物' }]);
  });
});

describe('big polygons (issue 11, defect: Math.max(...points) overflowed the stack)', () => {
  const ring = (n: number, r: number): [number, number][] =>
    Array.from({ length: n }, (_, i) => [35 + r * Math.sin((2 * Math.PI * i) / n), 139 + r * Math.cos((2 * Math.PI * i) / n)] as [number, number]);

  it('areaAt and polygonBounds work on a 300,000-point outline', () => {
    const big: Area = { id: 'big', name: '小学校区', kind: 'gakku', polygon: ring(300_000, 0.1) };
    const small: Area = { id: 'small', name: '自治会', kind: 'jichikai', polygon: ring(8, 0.01) };
    expect(areaAt([big, small], 35, 139)?.id).toBe('small');
    expect(areaAt([big], 35.05, 139)?.id).toBe('big');
    const [[s, w], [n, e]] = polygonBounds(big.polygon);
    expect(s).toBeCloseTo(34.9, 5);
    expect(n).toBeCloseTo(35.1, 5);
    expect(w).toBeCloseTo(138.9, 5);
    expect(e).toBeCloseTo(139.1, 5);
  });
});

describe('diffText (shared: the board editor and the server restore use it)', () => {
  const apply = (a: string, b: string): string => {
    const e = diffText(a, b);
    if (!e) return a;
    return a.slice(0, e.index) + e.insert + a.slice(e.index + e.remove);
  };
  it.each([
    ['😀', '😃'],
    ['a😀b', 'a😃b'],
    ['👨‍👩‍👧', '👨‍👩‍👦'],
    ['見守り😀', '見守り'],
    ['', '🍙'],
    ['🍙🍙', '🍙'],
  ])('%s → %s stays well-formed', (a, b) => {
    const e = diffText(a, b)!;
    const removed = a.slice(e.index, e.index + e.remove);
    expect(wellFormed(removed)).toBe(true);
    expect(wellFormed(e.insert)).toBe(true);
    expect(apply(a, b)).toBe(b);
  });
});
