import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_COLUMNS,
  COLUMN_TEMPLATES,
  ValidationError,
  addItem,
  areaAt,
  deleteItems,
  initWorkshopDoc,
  itemsMap,
  moveItems,
  readItems,
  readMeta,
  restoreItems,
  setItemText,
  updateItem,
  validateArea,
  validateCategory,
  validateColumn,
  validateItemInput,
  validateMetaInput,
  totalVotes,
  type Area,
} from '@tsunagu/shared';

describe('defaults', () => {
  test('columns and categories are valid and ids unique', () => {
    for (const c of DEFAULT_COLUMNS) expect(validateColumn(c)).toEqual([]);
    for (const c of DEFAULT_CATEGORIES) expect(validateCategory(c)).toEqual([]);
    expect(new Set(DEFAULT_CATEGORIES.map((c) => c.id)).size).toBe(DEFAULT_CATEGORIES.length);
    expect(DEFAULT_COLUMNS.map((c) => [c.id, c.label])).toEqual([
      ['pool', '出てきた課題'],
      ['gyosei', '行政がやるべきこと'],
      ['jumin', '住民がやるべきこと'],
      ['kyodo', '一緒にやること'],
    ]);
    expect(DEFAULT_CATEGORIES.filter((c) => c.restricted).map((c) => c.label)).toEqual(['心配な世帯']);
    for (const t of COLUMN_TEMPLATES) expect(t.columns[0]!.id).toBe('pool');
  });
});

describe('validators', () => {
  test('meta input', () => {
    expect(validateMetaInput({ title: '中央地区' })).toEqual([]);
    expect(validateMetaInput({ title: '  ' })).toContain('title must not be empty');
    expect(validateMetaInput({ title: 'x', center: [91, 0] }).length).toBe(1);
    expect(validateMetaInput({ title: 'x', zoom: 'big' })).toEqual(['zoom must be a finite number']);
    expect(validateMetaInput(null)).toEqual(['body must be an object']);
  });

  test('item input', () => {
    expect(validateItemInput({ text: 'バスが少ない', category: 'ido' })).toEqual([]);
    expect(validateItemInput({ text: 'x'.repeat(501), category: 'ido' })).toEqual(['text is longer than 500 characters']);
    expect(validateItemInput({ text: 'x', category: '../etc' })).toHaveLength(1);
    expect(validateItemInput({ text: 'x', category: 'ido', lat: 35 })).toHaveLength(1); // lng missing
    expect(validateItemInput({ text: 'x', category: 'ido', lat: 135, lng: 35 })).toEqual(['lat must be between -90 and 90']);
    expect(validateItemInput({ text: 'x', category: 'ido', color: 'red' })).toHaveLength(1);
  });

  test('area', () => {
    const ok = { id: 'a1', name: '本町自治会', kind: 'jichikai', polygon: [[35, 139], [35.1, 139], [35.1, 139.1]] };
    expect(validateArea(ok)).toEqual([]);
    expect(validateArea({ ...ok, polygon: [[35, 139]] })).toHaveLength(1);
    expect(validateArea({ ...ok, kind: 'city' })).toHaveLength(1);
  });
});

describe('item commands', () => {
  const fresh = () => {
    const doc = new Y.Doc();
    initWorkshopDoc(doc, { title: 't', district: 'd' }, 1000);
    return doc;
  };

  test('addItem fills defaults, uses Y.Text and an empty votes map, tags the local origin', () => {
    const doc = fresh();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const id = addItem(doc, { text: '見守りが必要', category: 'mimamori', authorName: 'はな', authorRole: 'jumin' }, { now: 5 });
    const item = readItems(doc)[0]!;
    expect(item).toMatchObject({ id, text: '見守りが必要', column: 'pool', x: 0, y: 0, createdAt: 5, votes: {} });
    expect(item.lat).toBeUndefined();
    expect(itemsMap(doc).get(id)!.get('text')).toBeInstanceOf(Y.Text);
    expect(origins).toEqual([{ kind: 'local' }]);
    expect(readMeta(doc).title).toBe('t');
  });

  test('addItem refuses invalid input and changes nothing', () => {
    const doc = fresh();
    expect(() => addItem(doc, { text: 'x', category: 'bad id!' })).toThrow(ValidationError);
    expect(readItems(doc)).toEqual([]);
  });

  test('move, update, text, soft delete and restore', () => {
    const doc = fresh();
    const id = addItem(doc, { text: 'a', category: 'ido' });
    moveItems(doc, [{ id, x: 100, y: 50, column: 'gyosei' }]);
    expect(readItems(doc)[0]).toMatchObject({ x: 100, y: 50, column: 'gyosei' });
    updateItem(doc, id, { lat: 35.9, lng: 139.4 });
    expect(readItems(doc)[0]).toMatchObject({ lat: 35.9, lng: 139.4 });
    updateItem(doc, id, { lat: null, lng: null });
    expect(readItems(doc)[0]!.lat).toBeUndefined();
    setItemText(doc, id, '書き直し');
    expect(readItems(doc)[0]!.text).toBe('書き直し');
    deleteItems(doc, [id], { now: 99 });
    expect(readItems(doc)).toEqual([]);
    expect(readItems(doc, { includeDeleted: true })[0]!.deletedAt).toBe(99);
    restoreItems(doc, [id]);
    expect(readItems(doc)).toHaveLength(1);
    expect(updateItem(doc, 'missing', { x: 1 })).toBe(false);
  });

  test('totalVotes sums every voter', () => {
    expect(totalVotes({ votes: { a: 2, b: 1 } })).toBe(3);
  });
});

describe('areas', () => {
  test('areaAt picks the smallest containing area', () => {
    const big: Area = { id: 'g', name: '小学校区', kind: 'gakku', polygon: [[0, 0], [0, 10], [10, 10], [10, 0]] };
    const small: Area = { id: 'j', name: '自治会', kind: 'jichikai', polygon: [[1, 1], [1, 3], [3, 3], [3, 1]] };
    expect(areaAt([big, small], 2, 2)?.id).toBe('j');
    expect(areaAt([big, small], 5, 5)?.id).toBe('g');
    expect(areaAt([big, small], 20, 5)).toBeUndefined();
  });
});
