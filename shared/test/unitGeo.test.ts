import { describe, expect, test } from 'vitest';
import { geometryBounds, geometryCentroid, geometryContains, parseUnitGeometry, parentLevel, zoomToFit, type UnitGeometry } from '../src/city/index.js';

/** Issue 14: unit outlines for the import's nesting and a new workshop's map. */
const square = (x: number, y: number, d: number): [number, number][] => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];

describe('unit geometry', () => {
  test('parse: Polygon and MultiPolygon kept, positions cut to [lng, lat]; anything else refused with a reason', () => {
    expect(parseUnitGeometry({ type: 'Polygon', coordinates: [square(139, 35, 1).map(([a, b]) => [a, b, 12])] })).toEqual({ geometry: { type: 'Polygon', coordinates: [square(139, 35, 1)] } });
    expect('geometry' in parseUnitGeometry({ type: 'MultiPolygon', coordinates: [[square(139, 35, 1)], [square(141, 35, 1)]] })).toBe(true);
    for (const bad of [null, { type: 'Point', coordinates: [139, 35] }, { type: 'Polygon', coordinates: [[[139, 35], [140, 35], [139, 35]]] }, { type: 'Polygon', coordinates: [[[200, 35], [140, 35], [140, 36], [200, 35]]] }, { type: 'MultiPolygon', coordinates: [] }])
      expect(parseUnitGeometry(bad)).toHaveProperty('error');
  });

  test('contains honours holes and the parts of a MultiPolygon; the centroid of a square is its centre', () => {
    const withHole: UnitGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };
    expect(geometryContains(withHole, [1, 1])).toBe(true);
    expect(geometryContains(withHole, [5, 5])).toBe(false);
    expect(geometryContains(withHole, [11, 5])).toBe(false);
    const multi: UnitGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(geometryContains(multi, [5.5, 5.5])).toBe(true);
    const [x, y] = geometryCentroid({ type: 'Polygon', coordinates: [square(139.47, 35.91, 0.02)] });
    expect(x).toBeCloseTo(139.48, 9);
    expect(y).toBeCloseTo(35.92, 9);
    // two equal squares wound opposite ways: the centroid lies between them
    const [mx, my] = geometryCentroid({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(4, 0, 1).reverse()]] });
    expect(mx).toBeCloseTo(2.5, 9);
    expect(my).toBeCloseTo(0.5, 9);
  });

  test('bounds and a zoom that fits a school district; level order', () => {
    const g: UnitGeometry = { type: 'Polygon', coordinates: [square(139.47, 35.91, 0.03)] };
    const b = geometryBounds(g);
    expect(b[0][0]).toBeCloseTo(35.91, 9);
    expect(b[1][1]).toBeCloseTo(139.5, 9);
    expect(zoomToFit(b)).toBeGreaterThanOrEqual(13);
    expect(zoomToFit(b)).toBeLessThanOrEqual(15);
    expect(parentLevel('jichikai')).toBe('school');
    expect(parentLevel('city')).toBeNull();
  });
});
