import { describe, expect, it, test } from 'vitest';
import { buildCitySummary, mergeResources, normalizePlaceName, packCityMap, unpackCityPins, type CityData, type ResourceEntry, type Summary } from '../src/index.js';

/** Issue 14, the pure parts of the city view: one place named in several districts, and the summed summary. */
const entry = (district: string, name: string, lat: number, lng: number, itemId = `${district}-${name}`): ResourceEntry => ({
  workshopId: `w-${district}`,
  district,
  itemId,
  name,
  category: 'shigen',
  lat,
  lng,
});

// 川越 市役所の近く: 0.0001° of latitude ≈ 11 m
const LAT = 35.9251;
const LNG = 139.4858;

describe('normalizePlaceName', () => {
  it('treats 全角/半角, spaces, 「」 and 株式会社 as the same name', () => {
    const forms = ['ふれあいサロン「ひだまり」', 'ふれあいサロン ひだまり', 'ふれあいサロン　ひだまり', '『ふれあいサロンひだまり』'];
    expect(new Set(forms.map(normalizePlaceName)).size).toBe(1);
    expect(normalizePlaceName('株式会社ＡＢＣ食堂')).toBe(normalizePlaceName('ABC食堂'));
    expect(normalizePlaceName('（株）ＡＢＣ食堂')).toBe(normalizePlaceName('abc 食堂'));
    expect(normalizePlaceName('ｺﾐｭﾆﾃｨｰｾﾝﾀｰ')).toBe(normalizePlaceName('コミュニティーセンター'));
    expect(normalizePlaceName('第一公民館')).not.toBe(normalizePlaceName('第二公民館'));
  });
});

describe('mergeResources', () => {
  it('merges one place named in three districts with different spellings, listing the districts', () => {
    const merged = mergeResources([
      entry('中央', '株式会社 ＡＢＣ食堂', LAT, LNG),
      entry('南', 'ABC食堂', LAT + 0.0002, LNG), // ~22 m away
      entry('北', '「abc 食堂」', LAT, LNG + 0.0003), // ~27 m away
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.districts).toEqual(['中央', '南', '北']);
    expect(merged[0]!.entries).toHaveLength(3);
  });

  it('keeps two different places with the same name 300 m apart', () => {
    const merged = mergeResources([entry('中央', 'ふれあいサロン', LAT, LNG), entry('南', 'ふれあいサロン', LAT + 0.0027, LNG)]);
    expect(merged).toHaveLength(2);
    expect(merged.map((m) => m.districts)).toEqual([['中央'], ['南']]);
  });

  it('keeps different names at one point apart, and names a merged place by its commonest spelling', () => {
    const merged = mergeResources([entry('a', '中央公民館', LAT, LNG), entry('b', '中央図書館', LAT, LNG), entry('c', '中央 公民館', LAT, LNG), entry('d', '中央公民館', LAT, LNG)]);
    expect(merged.map((m) => [m.name, m.districts.length])).toEqual([
      ['中央公民館', 3],
      ['中央図書館', 1],
    ]);
  });
});

const summary = (title: string, counts: Record<string, Record<string, number>>, gaps: string[], joined: number): Summary => {
  const total = Object.values(counts).reduce((s, r) => s + Object.values(r).reduce((a, b) => a + b, 0), 0);
  return {
    title,
    district: title,
    createdAt: 0,
    totals: { items: total, pins: 1, notes: total - 1, votes: 2, resources: 1, gaps: gaps.length, created: 0 },
    matrix: {
      categories: Object.keys(counts).map((id) => ({ id, label: id, kind: 'need' })),
      columns: [{ id: 'gyosei', label: '行政がやるべきこと' }, { id: 'jumin', label: '住民がやるべきこと' }],
      counts,
      rowTotals: {},
      columnTotals: {},
      total,
    },
    topVoted: [1, 2, 3, 4].map((i) => ({ id: `${title}${i}`, text: `${title}の課題${i}`, category: 'ido', column: 'gyosei', votes: 10 - i, area: '', address: '', phone: '', stage: '' })),
    gaps: gaps.map((text, i) => ({ id: `${title}g${i}`, text, category: 'attara', column: 'pool', votes: 0, area: '', address: '', phone: '', stage: 'missing' })),
    resources: [],
    participants: [{ kind: 'jumin', label: '住民', joined, contributors: joined - 1 }],
    relations: [],
  };
};

describe('buildCitySummary', () => {
  it('adds the districts up and keeps each side by side', () => {
    const city = buildCitySummary([
      { workshopId: 'w1', unit: '中央小学校区', summary: summary('中央', { ido: { gyosei: 2, jumin: 1 } }, ['移動販売'], 12) },
      { workshopId: 'w2', unit: '南小学校区', summary: summary('南', { ido: { gyosei: 1 }, mimamori: { jumin: 4 } }, ['サロン'], 8) },
    ]);
    expect(city.matrix.counts).toEqual({ ido: { gyosei: 3, jumin: 1 }, mimamori: { jumin: 4 } });
    expect(city.matrix.total).toBe(8);
    expect(city.totals.items).toBe(8);
    expect(city.participants).toEqual([{ kind: 'jumin', label: '住民', joined: 20, contributors: 18 }]);
    expect(city.gaps.map((g) => [g.unit, g.text])).toEqual([
      ['中央小学校区', '移動販売'],
      ['南小学校区', 'サロン'],
    ]);
    expect(city.districts.map((d) => d.topVoted.length)).toEqual([3, 3]);
  });
});

describe('packCityMap / unpackCityPins (the map answer as columns)', () => {
  const data: CityData<{ id: string }> = {
    org: { id: 'o', name: '市' },
    units: [{ id: 'u1' }],
    workshops: [
      { id: 'w1', title: '一', unitId: 'u1', district: '第一' },
      { id: 'w2', title: '二', unitId: null, district: '第二' },
    ],
    pins: [
      { workshopId: 'w1', unitId: 'u1', itemId: 'a', kind: 'resource', category: 'ibasho', categoryLabel: '居場所', text: 'サロン', lat: 35.123456789, lng: 139.987654321, areaName: '北' },
      { workshopId: 'w2', unitId: null, itemId: 'b', kind: 'need', category: 'ido', categoryLabel: '移動', text: '坂道', lat: 35.5, lng: 139.5 },
      { workshopId: 'w2', unitId: null, itemId: 'c', kind: 'resource', category: 'ibasho', categoryLabel: '居場所', text: '公民館', lat: 35.6, lng: 139.6, areaName: '北' },
    ],
    resources: [],
    lifted: [],
    categories: [
      { id: 'ibasho', label: '居場所', color: '#00897b', kind: 'resource' },
      { id: 'ido', label: '移動', color: '#e53935', kind: 'need' },
    ],
  };

  test('round trip: the same pins, positions to 1e-6°, each area named once', () => {
    const packed = packCityMap(data);
    expect(packed.areas).toEqual(['北']);
    expect(packed.pins.area).toEqual([0, -1, 0]);
    expect(packed.pins.workshop).toEqual([0, 1, 1]);
    expect(packed.pins.lat[0]).toBe(35.123457);
    const pins = unpackCityPins(JSON.parse(JSON.stringify(packed)) as typeof packed);
    expect(pins).toEqual(data.pins.map((p) => ({ ...p, lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 })));
  });

  test('an answer that is not the server’s is refused, not half read', () => {
    const packed = packCityMap(data);
    expect(() => unpackCityPins({ ...packed, pins: { ...packed.pins, text: ['x'] } })).toThrow(/lengths/);
    expect(() => unpackCityPins({ ...packed, pins: { ...packed.pins, workshop: [0, 1, 7] } })).toThrow(/pin 2/);
    expect(() => unpackCityPins({ ...packed, pins: { ...packed.pins, area: [0, -1, 3] } })).toThrow(/pin 2/);
  });
});
