import { describe, expect, it } from 'vitest';
import type { Area, Item } from '@tsunagu/shared';
import { normalise, placesOf, searchPlaces } from '../src/map/placeSearch.js';

const item = (id: string, text: string, lat?: number, lng?: number, address?: string) => ({ id, text, lat, lng, address }) as unknown as Item;

describe('place search (no internet geocoder)', () => {
  it('normalises full-/half-width and katakana/hiragana', () => {
    expect(normalise('ｻﾛﾝ')).toBe(normalise('さろん'));
    expect(normalise('ＡＢＣ　公民館')).toBe('abc公民館');
    expect(normalise('ヒナンジョ')).toBe('ひなんじょ');
  });

  it('finds pins and areas by name, names starting with the query first; pins without a place are skipped', () => {
    const items = [item('a', '中央公民館', 35.92, 139.48), item('b', '第一小学校（避難所）', 35.93, 139.49), item('c', '公民館の前の坂', 35.91, 139.47), item('d', '場所なしの付箋')];
    const areas: Area[] = [{ id: 'x', name: '仲町自治会', kind: 'jichikai', polygon: [[35.9, 139.4], [35.9, 139.5], [36, 139.5]] }];
    const places = placesOf(items, areas);
    expect(places.map((p) => p.id)).toEqual(['a', 'b', 'c', 'x']);
    expect(searchPlaces(places, '公民館').map((p) => p.id)).toEqual(['c', 'a']);
    expect(searchPlaces(places, 'ﾋﾅﾝｼﾞｮ').map((p) => p.id)).toEqual([]); // 避難所 is kanji: no reading index
    expect(searchPlaces(places, '避難所').map((p) => p.id)).toEqual(['b']);
    expect(searchPlaces(places, 'なかまち')).toEqual([]);
    expect(searchPlaces(places, '仲町')[0]).toMatchObject({ id: 'x', kind: 'area' });
    expect(searchPlaces(places, '場所なし')).toEqual([]);
  });
});
