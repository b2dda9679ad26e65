import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  addPin,
  areasFromGeoJson,
  areasToGeoJson,
  filterByArea,
  importAreas,
  itemInArea,
  movePin,
  readAreas,
  readItems,
  removeArea,
  updateArea,
  type Area,
} from '../src/index.js';

const sample = JSON.parse(readFileSync(new URL('../../tests/fixtures/chuo_school_district.geojson', import.meta.url), 'utf8')) as unknown;

describe('areasFromGeoJson', () => {
  it('reads the sample: one 小学校区 and three 自治会, as open [lat, lng] rings', () => {
    const { areas, problems } = areasFromGeoJson(sample);
    expect(problems).toEqual([]);
    expect(areas.map((a) => [a.name, a.kind])).toEqual([
      ['中央小学校区', 'gakku'],
      ['仲町自治会', 'jichikai'],
      ['元町自治会', 'jichikai'],
      ['本町自治会', 'jichikai'],
    ]);
    expect(areas[1]!.polygon).toHaveLength(4);
    expect(areas[1]!.polygon[0]).toEqual([35.9261, 139.4728]);
  });

  it('reports features it cannot read and keeps the rest', () => {
    const { areas, problems } = areasFromGeoJson({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Point', coordinates: [139, 35] } },
        { type: 'Feature', properties: { 名称: '東町会' }, geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [3, 0], [3, 3], [0, 0]]]] } },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(areas).toEqual([{ name: '東町会', kind: 'other', polygon: [[0, 0], [0, 3], [3, 3]] }]);
    expect(areasFromGeoJson('nope').problems).toHaveLength(1);
  });

  it('round-trips through areasToGeoJson', () => {
    const { areas } = areasFromGeoJson(sample);
    const withIds: Area[] = areas.map((a, i) => ({ ...a, id: `a${i}` }));
    expect(areasFromGeoJson(areasToGeoJson(withIds)).areas).toEqual(areas);
  });
});

describe('area commands', () => {
  const nakacho = { lat: 35.93, lng: 139.478 }; // inside 仲町自治会 and the 小学校区
  const outside = { lat: 35.95, lng: 139.6 };

  it('gives new pins the smallest containing area and claims existing pins on import', () => {
    const doc = new Y.Doc();
    const early = addItem(doc, { text: 'before areas', category: 'ibasho', ...nakacho });
    const ids = importAreas(doc, areasFromGeoJson(sample).areas);
    const byName = new Map(readAreas(doc).map((a) => [a.name, a]));
    expect(ids).toHaveLength(4);
    const pin = addPin(doc, { text: 'here', category: 'ibasho', ...nakacho });
    const far = addPin(doc, { text: 'far', category: 'ibasho', ...outside });
    const items = new Map(readItems(doc).map((i) => [i.id, i]));
    expect(items.get(pin)!.areaId).toBe(byName.get('仲町自治会')!.id);
    expect(items.get(early)!.areaId).toBe(byName.get('仲町自治会')!.id);
    expect(items.get(far)!.areaId).toBeUndefined();

    // filtering by the 小学校区 includes the pin in the 自治会 inside it
    const school = byName.get('中央小学校区')!;
    expect(filterByArea(readItems(doc), school).map((i) => i.id).sort()).toEqual([early, pin].sort());
    expect(itemInArea({ areaId: school.id }, school)).toBe(true);

    // moving the pin out clears its area; removing an area recomputes
    movePin(doc, pin, outside.lat, outside.lng);
    expect(readItems(doc).find((i) => i.id === pin)!.areaId).toBeUndefined();
    removeArea(doc, byName.get('仲町自治会')!.id);
    expect(readItems(doc).find((i) => i.id === early)!.areaId).toBe(school.id);
  });

  it('updates and validates areas', () => {
    const doc = new Y.Doc();
    const [id] = importAreas(doc, areasFromGeoJson(sample).areas.slice(1, 2));
    expect(updateArea(doc, id!, { name: '仲町一丁目自治会' })).toBe(true);
    expect(readAreas(doc)[0]!.name).toBe('仲町一丁目自治会');
    expect(() => updateArea(doc, id!, { polygon: [[0, 0]] })).toThrow(/polygon/);
    expect(updateArea(doc, 'missing', { name: 'x' })).toBe(false);
  });

  it('takes the areas of the public doc for a pin in the restricted doc', () => {
    const pub = new Y.Doc();
    const restricted = new Y.Doc();
    importAreas(pub, areasFromGeoJson(sample).areas);
    const id = addPin(restricted, { text: '見守りが必要', category: 'shinpai', ...nakacho }, { areasDoc: pub });
    expect(readItems(restricted)[0]!.id).toBe(id);
    expect(readItems(restricted)[0]!.areaId).toBe(readAreas(pub).find((a) => a.name === '仲町自治会')!.id);
  });
});
