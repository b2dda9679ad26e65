import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPin, readCategories, readItems, categoriesArray, categoryToYMap, DEFAULT_CATEGORIES, areasFromGeoJson, importAreas, readAreas } from '@tsunagu/shared';
import { applyStateVector, type SentEntry } from '../src/phone/sentLog.js';
import { localClock } from '../src/phone/ackCheck.js';
import { EMPTY_LAYERS, toPins, visiblePins } from '../src/map/layerFilter.js';

describe('sent log', () => {
  it('marks an item sent only once the server state vector covers its clock', () => {
    const phone = new Y.Doc();
    const id = addPin(phone, { text: 'a', category: 'ibasho', lat: 35.93, lng: 139.48 });
    const { client, clock } = localClock(phone);
    const log: SentEntry[] = [{ id, client, clock, sent: false, at: 0 }];
    const server = new Y.Doc();
    expect(applyStateVector(log, Y.decodeStateVector(Y.encodeStateVector(server)))).toBeNull();
    // a partial update (the first half of the transaction's structs) is not enough
    expect(applyStateVector(log, new Map([[client, clock - 1]]))).toBeNull();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(phone));
    const next = applyStateVector(log, Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(next?.[0]?.sent).toBe(true);
    expect(applyStateVector(next!, new Map())).toBeNull();
  });
});

describe('layer filter', () => {
  const doc = new Y.Doc();
  doc.transact(() => categoriesArray(doc).push(DEFAULT_CATEGORIES.map((c) => categoryToYMap(c))));
  addPin(doc, { id: 'need', text: 'n', category: 'mimamori', lat: 35.93, lng: 139.478 });
  addPin(doc, { id: 'res', text: 'r', category: 'ibasho', lat: 35.918, lng: 139.478 });
  const restricted = new Y.Doc();
  addPin(restricted, { id: 'secret', text: 's', category: 'shinpai', lat: 35.93, lng: 139.479 });
  const pins = [...toPins(readItems(doc), false), ...toPins(readItems(restricted), true)];
  const cats = readCategories(doc);

  it('hides by kind, by category and the restricted layer', () => {
    const ids = (l: typeof EMPTY_LAYERS) => visiblePins(pins, cats, l, []).map((p) => p.id).sort();
    expect(ids(EMPTY_LAYERS)).toEqual(['need', 'res', 'secret']);
    expect(ids({ ...EMPTY_LAYERS, hiddenKinds: new Set(['resource']) })).toEqual(['need', 'secret']);
    expect(ids({ ...EMPTY_LAYERS, hiddenKinds: new Set(['need']) })).toEqual(['res', 'secret']);
    expect(ids({ ...EMPTY_LAYERS, hiddenKinds: new Set(['restricted']) })).toEqual(['need', 'res']);
    expect(ids({ ...EMPTY_LAYERS, hiddenCategories: new Set(['mimamori']) })).toEqual(['res', 'secret']);
  });

  it('filters by area geometry', () => {
    const areasDoc = new Y.Doc();
    importAreas(areasDoc, areasFromGeoJson({ type: 'Feature', properties: { name: '仲町自治会', kind: 'jichikai' }, geometry: { type: 'Polygon', coordinates: [[[139.4728, 35.9261], [139.4848, 35.9261], [139.4848, 35.9361], [139.4728, 35.9361], [139.4728, 35.9261]]] } }).areas);
    const areas = readAreas(areasDoc);
    expect(visiblePins(pins, cats, { ...EMPTY_LAYERS, areaId: areas[0]!.id }, areas).map((p) => p.id).sort()).toEqual(['need', 'secret']);
  });
});
