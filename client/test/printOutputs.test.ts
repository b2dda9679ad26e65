import { describe, expect, it } from 'vitest';
import type { WorkshopBackup } from '@tsunagu/shared';
import { DEFAULT_CATEGORIES } from '@tsunagu/shared';
import { legendHeadings, numberPins } from '../src/export/printData.js';
import { spreadPoints } from '../src/export/spreadPins.js';

/** The printed map (issue 18, point 6): overlapping pins spread so every number shows; the legend sectioned by kind and area. */
describe('spreadPoints', () => {
  const minPair = (ps: { x: number; y: number }[]) => {
    let m = Infinity;
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) m = Math.min(m, Math.hypot(ps[i]!.x - ps[j]!.x, ps[i]!.y - ps[j]!.y));
    return m;
  };

  it('spreads twenty pins at one point and a near cluster so no two badges overlap', () => {
    const pts = [
      ...Array.from({ length: 20 }, () => ({ x: 400, y: 300 })),
      ...Array.from({ length: 6 }, (_, i) => ({ x: 430 + i * 3, y: 310 })),
      { x: 100, y: 100 },
    ];
    expect(minPair(pts)).toBe(0);
    const out = spreadPoints(pts, 32);
    expect(minPair(out)).toBeGreaterThanOrEqual(32 - 0.01);
    // the lone pin far away is left exactly where it is
    expect(out[26]).toEqual({ x: 100, y: 100 });
    // spread badges stay near their place: on a ring that just holds the 26 of them
    const ring = (26 * 32 * 1.1) / (2 * Math.PI);
    for (let i = 0; i < 26; i++) expect(Math.hypot(out[i]!.x - pts[i]!.x, out[i]!.y - pts[i]!.y)).toBeLessThan(ring + 2 * 32);
  });

  it('leaves pins that do not overlap alone', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 40, y: 0 },
      { x: 0, y: 40 },
    ];
    expect(spreadPoints(pts, 32)).toEqual(pts);
  });
});

describe('legend sections', () => {
  const item = (id: string, category: string, areaId?: string) => ({
    id,
    text: id,
    category,
    column: 'pool',
    x: 0,
    y: 0,
    lat: 35.9,
    lng: 139.4,
    createdAt: 1,
    updatedAt: 1,
    votes: {},
    ...(areaId ? { areaId } : {}),
  });
  const backup = {
    categories: DEFAULT_CATEGORIES.map((c) => ({ ...c })),
    areas: [
      { id: 'a1', name: '仲町自治会', kind: 'jichikai', polygon: [] },
      { id: 'a2', name: '元町自治会', kind: 'jichikai', polygon: [] },
    ],
    items: [item('need-a2', 'ido', 'a2'), item('res-a1', 'ibasho', 'a1'), item('need-a1', 'kaigo', 'a1'), item('gap-none', 'attara'), item('res-a2', 'ibasho', 'a2'), item('need-a1b', 'ido', 'a1')],
  } as unknown as WorkshopBackup;

  it('numbers pins by kind, then area, and heads each kind and area once', () => {
    const pins = numberPins(backup, []);
    const heads = legendHeadings(pins);
    const sections = pins.flatMap((p, i) => (heads[i] ? [`${heads[i]!.kind ?? ''}|${heads[i]!.area ?? ''}@${p.n}`] : []));
    // resources, then wishes, then needs (as before); areas in their order within each kind
    expect(sections).toEqual(['resource|仲町自治会@1', '|元町自治会@2', 'gap|@3', 'need|仲町自治会@4', '|元町自治会@6']);
    expect(pins.map((p) => p.item.id)).toEqual(['res-a1', 'res-a2', 'gap-none', expect.stringMatching(/^need-a1/), expect.stringMatching(/^need-a1/), 'need-a2']);
    // every kind is headed exactly once
    expect(heads.filter((h) => h?.kind).map((h) => h!.kind)).toEqual(['resource', 'gap', 'need']);
  });

  it('heads kinds only when every pin lies in one area (or none), and nothing for one kind in one area', () => {
    const one = { ...backup, items: backup.items.map((i) => ({ ...i, areaId: undefined })) } as unknown as WorkshopBackup;
    const heads = legendHeadings(numberPins(one, []));
    expect(heads.filter(Boolean)).toEqual([{ kind: 'resource' }, { kind: 'gap' }, { kind: 'need' }]);
    const resources = legendHeadings(numberPins(one, ['resource']));
    expect(resources.filter(Boolean)).toEqual([]);
    // one kind over two areas: area headings alone
    expect(legendHeadings(numberPins(backup, ['resource'])).filter(Boolean)).toEqual([{ area: '仲町自治会' }, { area: '元町自治会' }]);
  });
});
