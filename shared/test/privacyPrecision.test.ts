import { describe, expect, it } from 'vitest';
import { areaPoint, checkPrivacy, coarsen, gridCentre, isCoarse, metersBetween, type Area } from '../src/index.js';

const square: Area = { id: 'a1', name: '一丁目', kind: 'jichikai', polygon: [[35.0, 139.0], [35.0, 139.01], [35.01, 139.01], [35.01, 139.0]] };
// An L shape whose centroid lies outside it.
const ell: Area = {
  id: 'a2', name: 'L', kind: 'jichikai',
  polygon: [[35.1, 139.1], [35.1, 139.13], [35.103, 139.13], [35.103, 139.103], [35.13, 139.103], [35.13, 139.1]],
};

describe('area precision (coarsen / isCoarse)', () => {
  it('a point inside an area becomes the area point; outside, its ~100 m grid centre', () => {
    const house: [number, number] = [35.0031, 139.0072];
    const c = coarsen(house[0], house[1], [square]);
    expect(c).toEqual(areaPoint(square.polygon));
    expect(metersBetween(c, house)).toBeGreaterThan(100);
    const out = coarsen(35.5, 139.5, [square]);
    expect(out).toEqual(gridCentre(35.5, 139.5));
    expect(metersBetween(out, [35.5, 139.5])).toBeLessThan(75);
  });
  it('is idempotent and everything it returns is coarse; exact points are not', () => {
    for (let i = 0; i < 500; i++) {
      const lat = 34.9 + ((i * 7919) % 1000) / 3000;
      const lng = 138.9 + ((i * 104729) % 1000) / 3000;
      const c = coarsen(lat, lng, [square, ell], 100);
      expect(coarsen(c[0], c[1], [square, ell], 100)).toEqual(c);
      expect(isCoarse(c[0], c[1], [square, ell], 100)).toBe(true);
    }
    expect(isCoarse(35.0031, 139.0072, [square])).toBe(false);
    expect(isCoarse(35.54321, 139.51234, [square])).toBe(false);
  });
  it('the area point of an L shape lies inside it', () => {
    const [lat, lng] = areaPoint(ell.polygon);
    const c = coarsen(35.101, 139.12, [ell]);
    expect(c).toEqual([lat, lng]);
    expect(lat).toBeGreaterThan(35.1);
    expect(lng).toBeGreaterThan(139.1);
    // inside the L (the centroid is in the notch)
    expect(lat < 35.103 || lng < 139.103).toBe(true);
  });
  it('a coarser grid gives cells of that size', () => {
    const a = gridCentre(35.0, 139.0, 500);
    const b = gridCentre(35.0 + 500 / 111320, 139.0, 500);
    expect(Math.round((b[0] - a[0]) * 111320)).toBe(500);
    const c = gridCentre(35.0, 139.0 + 0.01, 500);
    expect(Math.round(metersBetween(a, [a[0], c[1]]) / 500) * 500).toBeGreaterThan(0);
  });
});

describe('privacy check: kanji house numbers, e-mail, sensitive words', () => {
  const kinds = (t: string) => checkPrivacy(t).findings.map((f) => f.kind);
  it.each([
    ['中央町一丁目二番三号に住む方', 'address'],
    ['三丁目十二番地のあたり', 'address'],
    ['五番地の二', 'address'],
    ['中央町1-2-3', 'address'],
    ['yamada.taro@example.jp に連絡', 'email'],
    ['ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ', 'email'],
    ['090-1234-5678', 'phone'],
    ['山田太郎さんが心配', 'name'],
  ])('%s → %s', (text, kind) => expect(kinds(text)).toContain(kind));
  it('area words without numbers do not warn', () => {
    expect(checkPrivacy('一丁目のあたりで買い物が不便').warn).toBe(false);
    expect(checkPrivacy('十字路の信号が短い').warn).toBe(false);
  });
  it('sensitive words, the diagnosis pattern and a workshop list', () => {
    expect(checkPrivacy('角のごみ屋敷').sensitiveWords).toEqual(['ごみ屋敷']);
    expect(checkPrivacy('認知症の田中さん').sensitiveWords).toContain('認知症の○○さん');
    expect(checkPrivacy('夜に大声', ['大声']).sensitiveWords).toEqual(['大声']);
    expect(checkPrivacy('公園のベンチ').suggestRestricted).toBe(false);
  });
});
