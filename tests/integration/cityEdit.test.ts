import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addItem, addPin, readItems, unpackCityPins, type CityMapData } from '@tsunagu/shared';
import { createOrganisation, type TsunaguServer } from '@tsunagu/server';
import { api, connectClient, eventually, joinWorkshop, startServer, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Correcting an organisation's geography: a workshop moves between its organisation's units
 * (and to none) with PATCH /api/orgs/:org/workshops/:id, and the list, the city answers (the
 * cached /city and /city/map), the summary and the CSV follow at once; a unit is renamed and
 * re-parented with PATCH /api/orgs/:org/units/:unit under the creation's rules (a parent of
 * the organisation and of a higher level, no cycle, no level that breaks the tree's order).
 * Every refused call has a status and a message and changes nothing. Runs on SQLite and (npm
 * run test:pg) on PostgreSQL.
 */
let srv: TsunaguServer;
const clients: TestClient[] = [];
const A = { id: '', token: '' };
const B = { id: '', token: '' };
/** A's units by name; B's one unit. */
const U = new Map<string, string>();
let bUnit = '';
let w1: CreatedWorkshop;
let w2: CreatedWorkshop;
let wB: CreatedWorkshop;
let participant = '';

interface UnitOut {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
}
interface Row {
  id: string;
  unitId: string | null;
  unitName: string;
}

const call = <T = { error?: string }>(method: string, p: string, body?: unknown, token = A.token) => api<T>(srv.url, method, p, body, token);
const units = async (org = A) => (await call<{ units: UnitOut[] }>('GET', `/api/orgs/${org.id}/units`, undefined, org.token)).body.units;
const rows = async (q = '') => (await call<{ workshops: Row[] }>('GET', `/api/orgs/${A.id}/workshops${q}`)).body.workshops;
const row = async (id: string) => (await rows()).find((r) => r.id === id)!;
const moveTo = (id: string, body: unknown, token = A.token, org = A.id) => call('PATCH', `/api/orgs/${org}/workshops/${id}`, body, token);
const editUnit = (id: string, body: unknown, token = A.token) => call<{ unit?: UnitOut; error?: string }>('PATCH', `/api/orgs/${A.id}/units/${id}`, body, token);

/** What the coordinator's city answers say about one workshop: its unit and district, on the map and in the full answer. */
async function cityOf(workshopId: string) {
  const full = await call<{ units: UnitOut[]; workshops: { id: string; unitId: string | null; district: string }[]; pins: { workshopId: string; unitId: string | null }[] }>('GET', `/api/orgs/${A.id}/city`);
  const map = await call<CityMapData<UnitOut>>('GET', `/api/orgs/${A.id}/city/map`);
  expect([full.status, map.status]).toEqual([200, 200]);
  const mapWorkshop = map.body.workshops.find((w) => w.id === workshopId)!;
  const mapPins = unpackCityPins(map.body).filter((p) => p.workshopId === workshopId);
  return {
    unitId: full.body.workshops.find((w) => w.id === workshopId)!.unitId,
    district: full.body.workshops.find((w) => w.id === workshopId)!.district,
    pinUnits: [...new Set(full.body.pins.filter((p) => p.workshopId === workshopId).map((p) => p.unitId))],
    mapUnitId: mapWorkshop.unitId,
    mapDistrict: mapWorkshop.district,
    mapPinUnits: [...new Set(mapPins.map((p) => p.unitId))],
    unitNames: full.body.units.map((u) => u.name),
    mapUnits: map.body.units.map((u) => [u.id, u.name, u.parentId]),
  };
}

async function addUnit(name: string, level: string, parent?: string): Promise<string> {
  const r = await call<{ unit: { id: string } }>('POST', `/api/orgs/${A.id}/units`, { name, level, parentId: parent ? U.get(parent) : undefined });
  expect(r.status).toBe(201);
  U.set(name, r.body.unit.id);
  return r.body.unit.id;
}

beforeAll(async () => {
  srv = await startServer();
  Object.assign(A, await createOrganisation(srv.store, '川越市社会福祉協議会'));
  Object.assign(B, await createOrganisation(srv.store, '隣の市社協'));
  await addUnit('北地区', 'chiku');
  await addUnit('南地区', 'chiku');
  await addUnit('東小学校区', 'school', '北地区');
  await addUnit('西小学校区', 'school', '北地区');
  await addUnit('仲町自治会', 'jichikai', '東小学校区');
  await addUnit('離れ自治会', 'jichikai');
  const b = await call<{ unit: { id: string } }>('POST', `/api/orgs/${B.id}/units`, { name: 'B の小学校区', level: 'school' }, B.token);
  bUnit = b.body.unit.id;
  // w1 in 東小学校区 with a public pin; w2 with no unit (as a workshop migrated into the organisation); wB of B
  w1 = (await call<CreatedWorkshop>('POST', `/api/orgs/${A.id}/workshops`, { title: '東のワークショップ', unitId: U.get('東小学校区') })).body;
  w2 = (await call<CreatedWorkshop>('POST', `/api/orgs/${A.id}/workshops`, { title: '区分なしのワークショップ' })).body;
  wB = (await call<CreatedWorkshop>('POST', `/api/orgs/${B.id}/workshops`, { title: 'B', unitId: bUnit }, B.token)).body;
  expect([w1.id, w2.id, wB.id].every(Boolean)).toBe(true);
  const fac = connectClient(srv.url, w1.id, w1.facilitatorToken);
  clients.push(fac);
  await fac.synced;
  addItem(fac.doc, { text: '東の公民館', category: 'ibasho', lat: 35.92, lng: 139.48 });
  addPin(fac.doc, { text: '坂が多い', category: 'ido', lat: 35.921, lng: 139.481 });
  await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w1.id && !r.restricted && readItems(r.doc).length >= 2), 5000, 'pins on the server');
  participant = await joinWorkshop(srv.url, w1.joinCode, 'さくら', 'jumin');
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv?.close();
});

describe('moving a workshop into another unit', () => {
  test('between units and to none: the list, /city and /city/map (cached), the summary and the CSV follow at once', async () => {
    expect(await row(w2.id)).toMatchObject({ unitId: null, unitName: '' });
    // warm the city cache first: the move must not be hidden behind it
    const before = await cityOf(w1.id);
    expect(before).toMatchObject({ unitId: U.get('東小学校区'), mapUnitId: U.get('東小学校区'), pinUnits: [U.get('東小学校区')], mapPinUnits: [U.get('東小学校区')], district: '東小学校区' });

    const moved = await moveTo(w1.id, { unitId: U.get('西小学校区') });
    expect(moved).toEqual({ status: 200, body: { id: w1.id, unitId: U.get('西小学校区'), unitName: '西小学校区' } });
    expect(await row(w1.id)).toMatchObject({ unitId: U.get('西小学校区'), unitName: '西小学校区' });
    expect(await cityOf(w1.id)).toMatchObject({
      unitId: U.get('西小学校区'),
      district: '西小学校区',
      pinUnits: [U.get('西小学校区')],
      mapUnitId: U.get('西小学校区'),
      mapDistrict: '西小学校区',
      mapPinUnits: [U.get('西小学校区')],
    });
    const summary = await call<{ districts: { workshopId: string; unit: string }[] }>('GET', `/api/orgs/${A.id}/city/summary`);
    expect(summary.body.districts.find((d) => d.workshopId === w1.id)!.unit).toBe('西小学校区');
    const csv = await fetch(`${srv.url}/api/orgs/${A.id}/city.csv`, { headers: { authorization: `Bearer ${A.token}` } }).then((r) => r.text());
    expect(csv.split('\n').filter((l) => l.includes('東の公民館'))[0]).toMatch(/^\uFEFF?"?西小学校区"?,"?小学校区"?,/);
    // the list's unit filter follows: 西小学校区 (and 北地区 above it) hold it, 東小学校区 no more
    expect((await rows(`?unit=${U.get('東小学校区')}`)).map((r) => r.id)).toEqual([]);
    expect((await rows(`?unit=${U.get('北地区')}`)).map((r) => r.id)).toEqual([w1.id]);

    // the migrated workshop gets a unit; w1 goes to none
    expect((await moveTo(w2.id, { unitId: U.get('仲町自治会') })).status).toBe(200);
    expect(await row(w2.id)).toMatchObject({ unitId: U.get('仲町自治会'), unitName: '仲町自治会' });
    expect((await moveTo(w1.id, { unitId: null })).body).toEqual({ id: w1.id, unitId: null, unitName: '' });
    expect(await row(w1.id)).toMatchObject({ unitId: null, unitName: '' });
    const none = await cityOf(w1.id);
    expect(none).toMatchObject({ unitId: null, mapUnitId: null, pinUnits: [null], mapPinUnits: [null] });
    // with no unit the district is the workshop's own (its meta, set from its first unit at creation)
    expect(none.district).toBe('東小学校区');
    // a unit that holds a workshop cannot be deleted; once the workshop moves out, it can
    expect((await call('DELETE', `/api/orgs/${A.id}/units/${U.get('仲町自治会')}`)).status).toBe(409);
    expect((await moveTo(w1.id, { unitId: U.get('東小学校区') })).status).toBe(200);
  });

  test('refused: another organisation’s unit (400), bad bodies (400), another organisation’s workshop (404), its coordinator (403), workshop tokens (401); nothing changes', async () => {
    const snapshot = async () => JSON.stringify([await rows(), (await call('GET', `/api/orgs/${B.id}/workshops`, undefined, B.token)).body]);
    const before = await snapshot();
    const bad: [string, unknown, number, RegExp][] = [
      ['another organisation’s unit', { unitId: bUnit }, 400, /not a unit of this organisation/],
      ['an unknown unit', { unitId: 'nosuchunit' }, 400, /not a unit of this organisation/],
      ['no unitId', { unit: U.get('西小学校区') }, 400, /unitId is required/],
      ['a number', { unitId: 5 }, 400, /string\) or null/],
      ['a list', [U.get('西小学校区')], 400, /JSON object/],
      ['not JSON', '{"unitId":', 400, /./],
    ];
    for (const [what, body, status, message] of bad) {
      const r = await moveTo(w1.id, body);
      expect([what, r.status]).toEqual([what, status]);
      expect([what, r.body.error]).toEqual([what, expect.stringMatching(message)]);
    }
    // B's workshop through A's organisation: 404, as the other workshop routes answer
    expect((await moveTo(wB.id, { unitId: U.get('西小学校区') })).status).toBe(404);
    expect((await moveTo('nosuchworkshop1', { unitId: null })).status).toBe(404);
    expect((await moveTo('../x', { unitId: null })).status).not.toBe(200);
    // another organisation's coordinator, every workshop-level token, no token
    expect((await moveTo(w1.id, { unitId: null }, B.token)).status).toBe(403);
    for (const token of [w1.facilitatorToken, w1.staffToken, w1.viewerToken, w1.projectorToken, participant, ''])
      expect((await moveTo(w1.id, { unitId: null }, token)).status).toBe(401);
    expect(await snapshot()).toBe(before);
  });
});

describe('editing units', () => {
  test('rename and re-parent: the unit list, the workshop list and the city answers follow', async () => {
    const before = await cityOf(w1.id);
    const renamed = await editUnit(U.get('東小学校区')!, { name: '  東小学校区（統合後）  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.unit).toMatchObject({ id: U.get('東小学校区'), name: '東小学校区（統合後）', level: 'school', parentId: U.get('北地区') });
    expect(await row(w1.id)).toMatchObject({ unitName: '東小学校区（統合後）' });
    const after = await cityOf(w1.id);
    expect(before.unitNames).toContain('東小学校区');
    expect(after.unitNames).toContain('東小学校区（統合後）');
    expect(after.unitNames).not.toContain('東小学校区');
    expect(after).toMatchObject({ district: '東小学校区（統合後）', mapDistrict: '東小学校区（統合後）' });

    // 西小学校区 moves from 北地区 to 南地区; the list's filter by 地区 follows
    expect((await moveTo(w2.id, { unitId: U.get('西小学校区') })).status).toBe(200);
    const moved = await editUnit(U.get('西小学校区')!, { parentId: U.get('南地区') });
    expect(moved.status).toBe(200);
    expect(moved.body.unit).toMatchObject({ parentId: U.get('南地区'), name: '西小学校区', level: 'school' });
    expect((await units()).find((u) => u.id === U.get('西小学校区'))!.parentId).toBe(U.get('南地区'));
    expect((await rows(`?unit=${U.get('南地区')}`)).map((r) => r.id)).toEqual([w2.id]);
    expect((await rows(`?unit=${U.get('北地区')}`)).map((r) => r.id)).toEqual([w1.id]);
    expect((await cityOf(w2.id)).mapUnits).toContainEqual([U.get('西小学校区'), '西小学校区', U.get('南地区')]);

    // to the top (no parent), a level change that keeps the order, and back; several keys at once
    expect((await editUnit(U.get('離れ自治会')!, { level: 'school', name: '離れ小学校区' })).body.unit).toMatchObject({ level: 'school', name: '離れ小学校区', parentId: null });
    expect((await editUnit(U.get('離れ自治会')!, { parentId: U.get('南地区') })).body.unit).toMatchObject({ parentId: U.get('南地区') });
    expect((await editUnit(U.get('離れ自治会')!, { parentId: null, level: 'jichikai', name: '離れ自治会' })).body.unit).toMatchObject({ parentId: null, level: 'jichikai', name: '離れ自治会' });
  });

  test('refused: a cycle (409), a level that breaks the order (409), a bad parent or body (400 with a message), unknown unit (404); nothing changes', async () => {
    const before = JSON.stringify(await units());
    const cases: [string, string, unknown, number, RegExp][] = [
      ['under its own smaller unit', '北地区', { parentId: U.get('東小学校区') }, 409, /inside/],
      ['under its grandchild', '北地区', { parentId: U.get('仲町自治会') }, 409, /inside/],
      ['its own parent', '西小学校区', { parentId: U.get('西小学校区') }, 409, /own parent/],
      ['a level at its parent’s', '東小学校区', { level: 'chiku' }, 409, /level: .*北地区/],
      ['a level at its child’s', '東小学校区', { level: 'jichikai' }, 409, /level: .*仲町自治会/],
      ['a level below its children', '北地区', { level: 'jichikai' }, 409, /level: .*inside 「北地区」/],
      ['a parent of a lower level', '西小学校区', { parentId: U.get('離れ自治会') }, 400, /higher level/],
      ['a parent of the same level', '西小学校区', { parentId: U.get('東小学校区') }, 400, /higher level/],
      ['another organisation’s unit as parent', '西小学校区', { parentId: bUnit }, 400, /not a unit of this organisation/],
      ['nothing to change', '西小学校区', {}, 400, /nothing to change/],
      ['an empty name', '西小学校区', { name: '   ' }, 400, /name must be 1–100/],
      ['a null name', '西小学校区', { name: null }, 400, /name is required/],
      ['a long name', '西小学校区', { name: 'あ'.repeat(101) }, 400, /name must be 1–100/],
      ['a number as name', '西小学校区', { name: 12 }, 400, /name must be a string/],
      ['an unknown level', '西小学校区', { level: 'prefecture' }, 400, /level must be one of/],
      ['a number as parent', '西小学校区', { parentId: 3 }, 400, /parentId must be/],
      ['a list', '西小学校区', [{ name: 'x' }], 400, /JSON object/],
      // a good name with a bad parent: nothing of it is written
      ['a rename with a cycle', '北地区', { name: '書かれない名前', parentId: U.get('東小学校区') }, 409, /inside/],
    ];
    for (const [what, unit, body, status, message] of cases) {
      const r = await editUnit(U.get(unit)!, body);
      expect([what, r.status]).toEqual([what, status]);
      expect([what, r.body.error]).toEqual([what, expect.stringMatching(message)]);
    }
    // creating a unit follows the same rule: its parent is of a higher level
    for (const [level, parent] of [['chiku', '北地区'], ['city', '北地区'], ['school', '仲町自治会']] as const) {
      const created = await call('POST', `/api/orgs/${A.id}/units`, { name: '書かれない区分', level, parentId: U.get(parent) });
      expect([level, parent, created.status, created.body.error]).toEqual([level, parent, 400, expect.stringMatching(/higher level/)]);
    }
    expect((await editUnit('nosuchunit', { name: 'x' })).status).toBe(404);
    // B's unit through A's organisation: 404 (nothing leaks); A's unit by B's coordinator: 403
    expect((await editUnit(bUnit, { name: 'x' })).status).toBe(404);
    expect((await editUnit(U.get('西小学校区')!, { name: 'x' }, B.token)).status).toBe(403);
    for (const token of [w1.facilitatorToken, w1.staffToken, participant, '']) expect((await editUnit(U.get('西小学校区')!, { name: 'x' }, token)).status).toBe(401);
    expect(JSON.stringify(await units())).toBe(before);
    expect((await units(B)).map((u) => u.name)).toEqual(['B の小学校区']);
  });
});
