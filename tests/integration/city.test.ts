import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addItem, addPin, readItems, unpackCityPins, type CityMapData, type CityPin, type MergedResource } from '@tsunagu/shared';
import { createOrganisation, type TsunaguServer } from '@tsunagu/server';
import { api, connectClient, eventually, joinWorkshop, ROOT, startServer, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 14, the city (server half): two organisations on one server, each with workshops in
 * several units. Every organisation route refuses the other organisation's coordinator (403)
 * and every workshop-level token or none (401); the merged resource list de-duplicates one
 * place spelled three ways and keeps two places of one name 300 m apart; a lifted issue
 * reaches the city list and a city workshop made from it; nothing of the restricted document
 * (a 心配な世帯 note with a marker text) is in the bytes of any city response or export; the
 * city is served from stored digests without loading the workshops' rooms. Runs on SQLite
 * and (npm run test:pg) on PostgreSQL.
 */
const MARKER = 'MARKER-Q7Z3-shinpai';
const FIXTURE = path.join(ROOT, 'tests/fixtures/chuo_school_district.geojson');

let srv: TsunaguServer;
const clients: TestClient[] = [];
const A = { id: '', token: '' };
const B = { id: '', token: '' };
/** Org A's units by name and its three district workshops. */
let unitsA = new Map<string, string>();
const wsA: (CreatedWorkshop & { unit: string })[] = [];
const wsB: CreatedWorkshop[] = [];
let participantA = '';
let issue1 = '';
let issue2 = '';
let issue3 = '';
let resourceA0 = '';

const post = <T = unknown>(p: string, body: unknown, token?: string) => api<T>(srv.url, 'POST', p, body, token);
const get = <T = unknown>(p: string, token?: string) => api<T>(srv.url, 'GET', p, undefined, token);

async function bytes(p: string, token: string): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(srv.url + p, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** Seed one district's public board and (for the first) a 心配な世帯 note in its restricted document. */
async function seed(w: CreatedWorkshop, fill: (doc: import('yjs').Doc) => void, restricted = false): Promise<void> {
  const fac = connectClient(srv.url, w.id, w.facilitatorToken);
  clients.push(fac);
  await fac.synced;
  const before = readItems(fac.doc).length;
  fill(fac.doc);
  const want = readItems(fac.doc).length;
  expect(want).toBeGreaterThan(before);
  await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && !r.restricted && readItems(r.doc).length === want), 5000, 'seeded on the server');
  if (restricted) {
    const staff = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
    clients.push(staff);
    await staff.synced;
    addItem(staff.doc, { text: `${MARKER} 一人暮らしで心配な世帯`, category: 'shinpai' });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && r.restricted && readItems(r.doc).some((i) => i.text.includes(MARKER))), 5000, 'restricted note on the server');
  }
}

beforeAll(async () => {
  // rooms unload quickly, so the city view is served from the store (digests), not from rooms
  srv = await startServer({ idleUnloadMs: 50 });
  Object.assign(A, await createOrganisation(srv.store, '川越市社会福祉協議会', { coordinatorName: '田中' }));
  Object.assign(B, await createOrganisation(srv.store, '隣の市社協'));

  // units of A: the school-district fixture (one 小学校区, three 自治会 nested in it)
  const geojson = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as unknown;
  const imported = await post<{ created: number; units: { id: string; name: string; parentId: string | null; level: string }[] }>(
    `/api/orgs/${A.id}/units/import`,
    { geojson, level: 'jichikai', nameProperty: 'name', levelProperty: 'kind' },
    A.token,
  );
  expect(imported.status).toBe(201);
  unitsA = new Map(imported.body.units.map((u) => [u.name, u.id]));
  const created = await Promise.all(
    ['仲町自治会', '元町自治会', '本町自治会'].map((unit) => post<CreatedWorkshop>(`/api/orgs/${A.id}/workshops`, { title: `${unit} ワークショップ`, unitId: unitsA.get(unit) }, A.token)),
  );
  created.forEach((r, i) => {
    expect(r.status).toBe(201);
    wsA.push({ ...r.body, unit: ['仲町自治会', '元町自治会', '本町自治会'][i]! });
  });
  const bUnit = await post<{ unit: { id: string } }>(`/api/orgs/${B.id}/units`, { name: '北小学校区', level: 'school' }, B.token);
  const bUnit2 = await post<{ unit: { id: string } }>(`/api/orgs/${B.id}/units`, { name: '南小学校区', level: 'school' }, B.token);
  for (const u of [bUnit, bUnit2]) {
    const r = await post<CreatedWorkshop>(`/api/orgs/${B.id}/workshops`, { title: 'B の地区', unitId: u.body.unit.id }, B.token);
    expect(r.status).toBe(201);
    wsB.push(r.body);
  }

  // the same store named in three districts, spelled three ways, within ~20 m; two 公民館 300 m apart
  await seed(
    wsA[0]!,
    (d) => {
      resourceA0 = addItem(d, { text: '株式会社 ＡＢＣストア', category: 'idohanbai', lat: 35.92, lng: 139.48 });
      addItem(d, { text: '中央公民館', category: 'ibasho', lat: 35.925, lng: 139.485 });
      issue1 = addItem(d, { text: 'バス停が遠くて買い物に行けない', category: 'ido', column: 'pool' });
      issue2 = addItem(d, { text: '見守りの担い手が足りない', category: 'mimamori', column: 'kyodo' });
      issue3 = addItem(d, { text: '子どもの居場所がない', category: 'kosodate', column: 'pool' });
      addPin(d, { text: '坂道が多い', category: 'ido', lat: 35.93, lng: 139.475 });
    },
    true,
  );
  await seed(wsA[1]!, (d) => {
    addItem(d, { text: 'ABCストア', category: 'idohanbai', lat: 35.92012, lng: 139.48008 });
    addItem(d, { text: '中央公民館', category: 'ibasho', lat: 35.9277, lng: 139.485 }); // ~300 m north
  });
  await seed(wsA[2]!, (d) => {
    addItem(d, { text: '「ABC ストア」', category: 'idohanbai', lat: 35.91995, lng: 139.47992 });
  });
  await seed(wsB[0]!, (d) => {
    addItem(d, { text: 'B市の公民館', category: 'ibasho', lat: 36.0, lng: 139.6 });
  });
  participantA = await joinWorkshop(srv.url, wsA[0]!.joinCode, 'さくら', 'jumin');
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv?.close();
});

/** Every organisation route, with a body for the writing ones. */
function orgRoutes(org: string, workshopId: string): [string, string, unknown?][] {
  return [
    ['GET', `/api/orgs/${org}`],
    ['GET', `/api/orgs/${org}/units`],
    ['POST', `/api/orgs/${org}/units`, { name: '侵入', level: 'school' }],
    ['POST', `/api/orgs/${org}/units/import`, { geojson: { type: 'FeatureCollection', features: [] }, level: 'school', nameProperty: 'name' }],
    ['DELETE', `/api/orgs/${org}/units/nounit`],
    ['PATCH', `/api/orgs/${org}/units/nounit`, { name: '侵入' }],
    ['PATCH', `/api/orgs/${org}/workshops/${workshopId}`, { unitId: null }],
    ['GET', `/api/orgs/${org}/workshops`],
    ['POST', `/api/orgs/${org}/workshops`, { title: '侵入' }],
    ['POST', `/api/orgs/${org}/workshops/${workshopId}/open`, {}],
    ['POST', `/api/orgs/${org}/workshops/${workshopId}/continue`, {}],
    ['POST', `/api/orgs/${org}/workshops/${workshopId}/end`, { ended: true }],
    ['GET', `/api/orgs/${org}/city`],
    ['GET', `/api/orgs/${org}/city/map`],
    ['GET', `/api/orgs/${org}/city/resources`],
    ['GET', `/api/orgs/${org}/city/summary`],
    ['GET', `/api/orgs/${org}/city.geojson`],
    ['GET', `/api/orgs/${org}/city.csv`],
    ['GET', `/api/orgs/${org}/city-summary.csv`],
    ['GET', `/api/orgs/${org}/city.pdf?paper=A3`],
    ['POST', `/api/orgs/${org}/city-workshops`, { title: '侵入' }],
  ];
}

describe('organisations: who may call the organisation API', () => {
  test('the other organisation’s coordinator gets 403; workshop-level tokens and no token get 401; nothing changes', async () => {
    const w = wsA[0]!;
    const workshopTokens = { facilitator: w.facilitatorToken, staff: w.staffToken, participant: participantA, viewer: w.viewerToken, projector: w.projectorToken };
    const before = JSON.stringify([(await get(`/api/orgs/${A.id}/units`, A.token)).body, (await get(`/api/orgs/${B.id}/units`, B.token)).body]);
    for (const [org, other, wid] of [
      [A.id, B.token, w.id],
      [B.id, A.token, wsB[0]!.id],
    ] as const) {
      for (const [method, p, body] of orgRoutes(org, wid)) {
        expect([p, (await api(srv.url, method, p, body, other)).status]).toEqual([p, 403]);
        expect([p, 'none', (await api(srv.url, method, p, body)).status]).toEqual([p, 'none', 401]);
        for (const [role, token] of Object.entries(workshopTokens)) expect([p, role, (await api(srv.url, method, p, body, token)).status]).toEqual([p, role, 401]);
      }
    }
    const after = JSON.stringify([(await get(`/api/orgs/${A.id}/units`, A.token)).body, (await get(`/api/orgs/${B.id}/units`, B.token)).body]);
    expect(after).toBe(before);
    // a coordinator token is no workshop token: every workshop route refuses it
    expect((await get(`/api/workshops/${w.id}`, A.token)).status).toBe(401);
    expect((await get(`/api/workshops/${w.id}/export.csv`, A.token)).status).toBe(401);
    // an organisation's workshop is invisible to the other: 404 through its own API too
    expect((await post(`/api/orgs/${B.id}/workshops/${w.id}/open`, {}, B.token)).status).toBe(404);
  });

  test('each organisation lists only its own workshops, by unit', async () => {
    const a = await get<{ workshops: { id: string; unitName: string; status: string; counts: { items: number; participants: number } }[] }>(`/api/orgs/${A.id}/workshops`, A.token);
    expect(a.status).toBe(200);
    expect(a.body.workshops.map((x) => x.id).sort()).toEqual(wsA.map((x) => x.id).sort());
    expect(a.body.workshops.map((x) => x.unitName)).toEqual(['仲町自治会', '元町自治会', '本町自治会']);
    expect(a.body.workshops[0]).toMatchObject({ status: 'running', counts: { items: 6, participants: 1 } });
    const b = await get<{ workshops: { id: string }[] }>(`/api/orgs/${B.id}/workshops`, B.token);
    expect(b.body.workshops.map((x) => x.id).sort()).toEqual(wsB.map((x) => x.id).sort());
    expect((await get<{ workshops: unknown[] }>(`/api/orgs/${A.id}/workshops?q=${encodeURIComponent('元町')}`, A.token)).body.workshops).toHaveLength(1);
    expect((await get<{ workshops: unknown[] }>(`/api/orgs/${A.id}/workshops?unit=${unitsA.get('中央小学校区')}`, A.token)).body.workshops).toHaveLength(3);
    const info = await get(`/api/orgs/${A.id}`, A.token);
    expect(info.body).toEqual({ id: A.id, name: '川越市社会福祉協議会', workshopCreation: 'open', units: 4, workshops: 3 });
  });
});

describe('units', () => {
  test('import nests 自治会 in their 小学校区; bad GeoJSON is 400 and stores nothing', async () => {
    const units = (await get<{ units: { id: string; name: string; parentId: string | null; level: string; geometry?: unknown }[] }>(`/api/orgs/${A.id}/units`, A.token)).body.units;
    const school = units.find((u) => u.name === '中央小学校区')!;
    expect(school).toMatchObject({ level: 'school', parentId: null, geometry: { type: 'Polygon' } });
    for (const n of ['仲町自治会', '元町自治会', '本町自治会']) expect(units.find((u) => u.name === n)).toMatchObject({ level: 'jichikai', parentId: school.id });

    const count = async () => (await get<{ units: unknown[] }>(`/api/orgs/${A.id}/units`, A.token)).body.units.length;
    const n = await count();
    const poly = { type: 'Polygon', coordinates: [[[139.4, 35.9], [139.5, 35.9], [139.5, 36], [139.4, 35.9]]] };
    const bad: [string, unknown][] = [
      ['not a FeatureCollection', { geojson: { type: 'Feature', geometry: poly, properties: { name: 'x' } }, level: 'school', nameProperty: 'name' }],
      ['no polygons', { geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [139.4, 35.9] }, properties: { name: 'x' } }] }, level: 'school', nameProperty: 'name' }],
      ['missing name property', { geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: poly, properties: { 名称: 'x' } }] }, level: 'school', nameProperty: 'name' }],
      ['over 500 features', { geojson: { type: 'FeatureCollection', features: Array.from({ length: 501 }, (_, i) => ({ type: 'Feature', geometry: poly, properties: { name: `u${i}` } })) }, level: 'school', nameProperty: 'name' }],
      ['unknown level', { geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: poly, properties: { name: 'x' } }] }, level: 'prefecture', nameProperty: 'name' }],
    ];
    for (const [what, body] of bad) {
      const r = await post<{ error: string }>(`/api/orgs/${A.id}/units/import`, body, A.token);
      expect([what, r.status]).toEqual([what, 400]);
      expect(r.body.error.length).toBeGreaterThan(5);
    }
    const huge = { geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: poly, properties: { name: 'x', pad: 'あ'.repeat(800_000) } }] }, level: 'school', nameProperty: 'name' };
    const r = await post<{ error: string }>(`/api/orgs/${A.id}/units/import`, huge, A.token);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/2 MB/);
    expect(await count()).toBe(n);
    // a unit with workshops or children cannot be deleted
    expect((await api(srv.url, 'DELETE', `/api/orgs/${A.id}/units/${school.id}`, undefined, A.token)).status).toBe(409);
    expect((await api(srv.url, 'DELETE', `/api/orgs/${A.id}/units/${unitsA.get('仲町自治会')}`, undefined, A.token)).status).toBe(409);
  });
});

describe('the city view', () => {
  test('merged resources: one store spelled three ways in three districts; two 公民館 300 m apart stay two', async () => {
    const city = await get<{ resources: MergedResource[]; pins: { workshopId: string; text: string; kind: string }[] }>(`/api/orgs/${A.id}/city`, A.token);
    expect(city.status).toBe(200);
    const abc = city.body.resources.filter((r) => r.key === 'abcストア');
    expect(abc).toHaveLength(1);
    expect([...abc[0]!.districts].sort()).toEqual(['仲町自治会', '元町自治会', '本町自治会'].sort());
    expect(abc[0]!.entries).toHaveLength(3);
    const halls = city.body.resources.filter((r) => r.name === '中央公民館');
    expect(halls).toHaveLength(2);
    // every public pin of the three workshops, none of the other organisation's
    expect(city.body.pins.filter((p) => p.kind === 'resource')).toHaveLength(5);
    expect(city.body.pins.some((p) => p.text === 'B市の公民館')).toBe(false);
    expect(city.body.pins.some((p) => p.text === '坂道が多い' && p.kind === 'need')).toBe(true);
    // the map's answer (pins as columns) holds the same pins; the resource list is /city's
    const map = await get<CityMapData<unknown>>(`/api/orgs/${A.id}/city/map`, A.token);
    expect(map.status).toBe(200);
    const key = (p: { workshopId: string; itemId: string; kind: string; text: string }) => `${p.workshopId}:${p.itemId}:${p.kind}:${p.text}`;
    expect(unpackCityPins(map.body).map(key).sort()).toEqual((city.body.pins as CityPin[]).map(key).sort());
    expect(map.body.pins.workshop.every((w) => map.body.workshops[w] !== undefined)).toBe(true);
    const resources = await get<{ resources: MergedResource[] }>(`/api/orgs/${A.id}/city/resources`, A.token);
    expect(resources.body.resources).toEqual(city.body.resources);
  });

  test('served from stored digests: no workshop room (public or restricted) is loaded by the city routes', async () => {
    for (const c of clients.splice(0)) c.destroy();
    await eventually(() => srv.rooms.loadedRooms.length === 0, 10_000, 'every room unloaded');
    for (const p of ['city', 'city/summary', 'city.geojson', 'city.csv', 'city-summary.csv', 'workshops']) {
      expect((await get(`/api/orgs/${A.id}/${p}`, A.token)).status).toBe(200);
      expect(srv.rooms.loadedRooms.map((r) => r.name)).toEqual([]);
    }
  });

  test('a workshop\'s digest is refreshed once its room unloads, before anyone asks for the city', async () => {
    const w = wsA[1]!;
    const stamp = async () => (await srv.store.listDigests(A.id)).find((d) => d.workshopId === w.id);
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    await fac.synced;
    addItem(fac.doc, { text: '閉会後に足した資源', category: 'ibasho', lat: 35.922, lng: 139.482 });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && readItems(r.doc).some((i) => i.text === '閉会後に足した資源')), 5000, 'stored');
    fac.destroy();
    await eventually(() => !srv.rooms.isOpen(w.id, false), 10_000, 'the room unloaded');
    // no city request in between: the stored digest carries the new item by itself
    await eventually(async () => (await stamp())?.data.includes('閉会後に足した資源') === true, 10_000, 'the digest refreshed after the unload');
    expect(srv.rooms.loadedRooms.map((r) => r.name)).toEqual([]);
  });

  test('digests: reused while nothing changed, recomputed for the one workshop that changed', async () => {
    const stamps = async () => new Map((await srv.store.listDigests(A.id)).map((d) => [d.workshopId, d.updatedAt]));
    await get(`/api/orgs/${A.id}/city`, A.token);
    const first = await stamps();
    expect(first.size).toBeGreaterThanOrEqual(3);
    await get(`/api/orgs/${A.id}/city`, A.token); // the same answer again
    await get(`/api/orgs/${A.id}/workshops`, A.token); // reads every digest
    await get(`/api/orgs/${A.id}/city/summary`, A.token);
    expect(await stamps()).toEqual(first);
    const w = wsA[2]!;
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    clients.push(fac);
    await fac.synced;
    addItem(fac.doc, { text: '新しくできたサロン', category: 'ibasho', lat: 35.921, lng: 139.481 });
    await eventually(async () => (await get<{ pins: { text: string }[] }>(`/api/orgs/${A.id}/city`, A.token)).body.pins.some((p) => p.text === '新しくできたサロン'), 10_000, 'the new pin in the city view');
    const after = await stamps();
    expect(after.get(w.id)).not.toBe(first.get(w.id));
    for (const other of wsA.slice(0, 2)) expect(after.get(other.id)).toBe(first.get(other.id));
    fac.destroy();
    clients.splice(clients.indexOf(fac), 1);
    await eventually(() => srv.rooms.loadedRooms.length === 0, 10_000, 'rooms unloaded again');
    expect((await get<{ pins: { text: string }[] }>(`/api/orgs/${A.id}/city`, A.token)).body.pins.some((p) => p.text === '新しくできたサロン')).toBe(true);
    expect(srv.rooms.loadedRooms).toEqual([]);
    // the print route renders the client's page: this test server serves no built client
    expect((await get(`/api/orgs/${A.id}/city.pdf?paper=A1`, A.token)).status).toBe(503);
  });

  test('lifting: facilitator only, the limit 2 → 409, a lifted issue in the city list and in a city workshop with its district', async () => {
    const w = wsA[0]!;
    const lift = (token: string, itemId: string, lifted = true) => post<{ error?: string; reason?: string; limit?: number; remaining?: number }>(`/api/workshops/${w.id}/lift`, { itemId, lifted }, token);
    expect((await lift(w.staffToken, issue1)).status).toBe(403);
    expect((await lift(participantA, issue1)).status).toBe(403);
    expect((await lift(w.viewerToken, issue1)).status).toBe(403);
    expect((await lift(A.token, issue1)).status).toBe(401);
    expect((await lift(wsA[1]!.facilitatorToken, issue1)).status).toBe(401);
    expect((await lift(w.facilitatorToken, resourceA0)).status).toBe(400); // a resource is no issue
    expect((await lift(w.facilitatorToken, 'no-such-note')).status).toBe(400);
    expect((await lift(w.facilitatorToken, issue1)).body).toMatchObject({ remaining: 1 });
    expect((await lift(w.facilitatorToken, issue2)).status).toBe(200);
    const third = await lift(w.facilitatorToken, issue3);
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ reason: 'limit', limit: 2 });
    // take one back, lift the third: two stay lifted
    expect((await lift(w.facilitatorToken, issue2, false)).status).toBe(200);
    expect((await lift(w.facilitatorToken, issue3)).status).toBe(200);

    const city = await get<{ lifted: { workshopId: string; itemId: string; district: string; text: string; lane: string }[] }>(`/api/orgs/${A.id}/city`, A.token);
    expect(city.body.lifted.map((l) => [l.itemId, l.district, l.lane]).sort()).toEqual(
      [
        [issue1, '仲町自治会', 'pool'],
        [issue3, '仲町自治会', 'pool'],
      ].sort(),
    );
    const list = await get<{ workshops: { id: string; counts: { lifted: number } }[] }>(`/api/orgs/${A.id}/workshops`, A.token);
    expect(list.body.workshops.find((x) => x.id === w.id)!.counts.lifted).toBe(2);

    const cityUnit = await post<{ unit: { id: string } }>(`/api/orgs/${A.id}/units`, { name: '川越市', level: 'city' }, A.token);
    const made = await post<CreatedWorkshop>(`/api/orgs/${A.id}/city-workshops`, { title: '市の会議', unitId: cityUnit.body.unit.id }, A.token);
    expect(made.status).toBe(201);
    const c = connectClient(srv.url, made.body.id, made.body.facilitatorToken);
    clients.push(c);
    await c.synced;
    const items = readItems(c.doc);
    expect(items.map((i) => i.text).sort()).toEqual(['バス停が遠くて買い物に行けない', '子どもの居場所がない'].sort());
    for (const i of items) {
      expect(i.fromDistrict).toEqual({ workshopId: w.id, unitId: unitsA.get('仲町自治会'), name: '仲町自治会' });
      expect(i.liftedAt).toBeUndefined();
    }
    expect(c.doc.getMap('items').get(issue1) ?? [...(c.doc.getMap('items') as import('yjs').Map<import('yjs').Map<unknown>>).values()].find((m) => m.get('carriedFrom') === `${w.id}:${issue1}`)).toBeTruthy();
    // the city summary counts the districts' notes once: the city workshop's copies are left out
    const summary = await get<{ districts: { workshopId: string }[] }>(`/api/orgs/${A.id}/city/summary`, A.token);
    expect(summary.body.districts.map((d) => d.workshopId)).toContain(w.id);
    expect(summary.body.districts.map((d) => d.workshopId)).not.toContain(made.body.id);
    const cityList = await get<{ workshops: { id: string; unitName: string }[] }>(`/api/orgs/${A.id}/workshops`, A.token);
    expect(cityList.body.workshops.find((x) => x.id === made.body.id)?.unitName).toBe('川越市');
    // a city workshop needs a city-level unit (or none)
    expect((await post(`/api/orgs/${A.id}/city-workshops`, { title: 'x', unitId: unitsA.get('仲町自治会') }, A.token)).status).toBe(400);
  });

  test('no restricted item in any city response or export (checked in the bytes)', async () => {
    const paths = ['city', 'city/map', 'city/resources', 'city/summary', 'city.geojson', 'city.csv', 'city.csv?encoding=cp932', 'city-summary.csv', 'city-summary.csv?encoding=cp932', 'workshops', 'units', ''];
    for (const p of paths) {
      const r = await bytes(`/api/orgs/${A.id}${p ? '/' + p : ''}`, A.token);
      expect([p, r.status]).toEqual([p, 200]);
      expect(r.body.length).toBeGreaterThan(10);
      expect([p, r.body.includes(Buffer.from('MARKER-Q7Z3'))]).toEqual([p, false]);
      expect([p, r.body.includes(Buffer.from('一人暮らしで心配な世帯'))]).toEqual([p, false]);
    }
    // the marker is really there, in the restricted document (the check above could fail)
    const staffExport = await bytes(`/api/workshops/${wsA[0]!.id}/export.csv?include=restricted`, wsA[0]!.staffToken);
    expect(staffExport.body.includes(Buffer.from('MARKER-Q7Z3'))).toBe(true);
    // the exports carry the units
    const csv = (await bytes(`/api/orgs/${A.id}/city.csv`, A.token)).body.toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFF?区分,区分の種類,ワークショップ,ID,名称/);
    expect(csv).toContain('仲町自治会,自治会,仲町自治会 ワークショップ');
    const gj = JSON.parse((await bytes(`/api/orgs/${A.id}/city.geojson`, A.token)).body.toString('utf8')) as { features: { properties: Record<string, unknown> }[] };
    expect(gj.features.find((f) => f.properties.text === 'ABCストア')?.properties).toMatchObject({ unitName: '元町自治会', unitLevel: 'jichikai' });
    const summaryCsv = (await bytes(`/api/orgs/${A.id}/city-summary.csv`, A.token)).body.toString('utf8');
    expect(summaryCsv).toContain('地区別の件数');
    expect(summaryCsv).toMatch(/\r\n仲町自治会,仲町自治会 ワークショップ,\d+/);
    expect(summaryCsv).toContain('あったらいいな（市全体）');
    const sjis = await fetch(`${srv.url}/api/orgs/${A.id}/city.csv?encoding=cp932`, { headers: { authorization: `Bearer ${A.token}` } });
    expect(sjis.headers.get('content-type')).toContain('Shift_JIS');
    expect(new TextDecoder('shift_jis').decode(await sjis.arrayBuffer())).toContain('仲町自治会,自治会,仲町自治会 ワークショップ');
    const summary = await get<{ districts: { unit: string }[]; totals: { resources: number } }>(`/api/orgs/${A.id}/city/summary`, A.token);
    expect(summary.body.districts.map((d) => d.unit)).toEqual(expect.arrayContaining(['仲町自治会', '元町自治会', '本町自治会']));
    expect(summary.body.totals.resources).toBe(7); // five seeded, one added by each digest test
  });

  test('coordinator tools: open mints a facilitator token (logged), end marks 終了, continue keeps the unit', async () => {
    const w = wsA[1]!;
    const opened = await post<{ token: string; hostUrl: string }>(`/api/orgs/${A.id}/workshops/${w.id}/open`, {}, A.token);
    expect(opened.status).toBe(200);
    expect(opened.body.hostUrl).toContain(`/w/${w.id}/host#token=`);
    expect((await get<{ role: string }>(`/api/workshops/${w.id}`, opened.body.token)).body.role).toBe('facilitator');
    const log = await get<{ entries?: { action: string; name: string }[] } | { action: string; name: string }[]>(`/api/workshops/${w.id}/access-log`, w.facilitatorToken);
    expect(JSON.stringify(log.body)).toContain('coordinator-open');
    expect((await post<{ status: string }>(`/api/orgs/${A.id}/workshops/${w.id}/end`, { ended: true }, A.token)).body.status).toBe('ended');
    expect((await get<{ workshops: { id: string; status: string }[] }>(`/api/orgs/${A.id}/workshops?status=ended`, A.token)).body.workshops.map((x) => x.id)).toEqual([w.id]);
    expect((await post<{ status: string }>(`/api/orgs/${A.id}/workshops/${w.id}/end`, { ended: false }, A.token)).body.status).toBe('running');
    // the facilitator may mark it 終了 too; staff may not
    expect((await post(`/api/workshops/${w.id}/end`, { ended: true }, w.staffToken)).status).toBe(403);
    expect((await post(`/api/workshops/${w.id}/end`, { ended: true }, w.facilitatorToken)).status).toBe(200);
    expect((await get<{ workshops: { id: string; status: string }[] }>(`/api/orgs/${A.id}/workshops`, A.token)).body.workshops.find((x) => x.id === w.id)?.status).toBe('ended');
    expect((await post(`/api/workshops/${w.id}/end`, { ended: false }, w.facilitatorToken)).status).toBe(200);
    const next = await post<CreatedWorkshop>(`/api/orgs/${A.id}/workshops/${w.id}/continue`, {}, A.token);
    expect(next.status).toBe(201);
    const list = await get<{ workshops: { id: string; unitName: string; carriedFrom?: string }[] }>(`/api/orgs/${A.id}/workshops`, A.token);
    expect(list.body.workshops.find((x) => x.id === next.body.id)).toMatchObject({ unitName: '元町自治会', carriedFrom: w.id });
  });
});

describe('TSUNAGU_WORKSHOP_CREATION=coordinators', () => {
  test('anonymous and workshop-token creation is refused (401); a coordinator’s workshop goes into its organisation', async () => {
    const s = await startServer({ workshopCreation: 'coordinators' });
    try {
      const org = await createOrganisation(s.store, '市');
      expect((await api(s.url, 'POST', '/api/workshops', { title: '匿名' })).status).toBe(401);
      expect((await api(s.url, 'POST', '/api/workshops/from-backup', { title: '匿名' })).status).toBe(401);
      const made = await api<CreatedWorkshop>(s.url, 'POST', '/api/workshops', { title: 'コーディネーターの' }, org.token);
      expect(made.status).toBe(201);
      expect((await api(s.url, 'POST', '/api/workshops', { title: 'ファシリテーター' }, made.body.facilitatorToken)).status).toBe(401);
      const list = await api<{ workshops: { id: string }[] }>(s.url, 'GET', `/api/orgs/${org.id}/workshops`, undefined, org.token);
      expect(list.body.workshops.map((w) => w.id)).toEqual([made.body.id]);
      expect((await api<{ workshopCreation: string }>(s.url, 'GET', `/api/orgs/${org.id}`, undefined, org.token)).body.workshopCreation).toBe('coordinators');
    } finally {
      await s.close();
    }
  });
});
