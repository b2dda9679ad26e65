import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {
  addItem,
  addPin,
  areaPoint,
  areasFromGeoJson,
  importAreas,
  itemsMap,
  metaMap,
  parseNotice,
  readAreas,
  CLOSE,
  MESSAGE_AUTH,
  type Notice,
} from '@tsunagu/shared';
import fs from 'node:fs';
import path from 'node:path';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, ROOT, startServer, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 17, enforced by the server against stock y-websocket clients that edit their documents
 * directly: a need's point in the public document must be coarse (every role); a participant's
 * note with a sensitive word must be held and only staff release it; consent is staff's.
 * And what leaves the server: a participant's socket frames and the public exports never hold
 * a need's exact coordinates; include=restricted exports do; unconsented resources stay out of
 * the public GeoJSON/CSV.
 */
let srv: TsunaguServer;
let w: CreatedWorkshop;
let staff: TestClient;
let staffRes: TestClient;
const clients: TestClient[] = [];
const HOUSE: [number, number] = [35.92712, 139.47934]; // a point inside the sample district
const OUTSIDE: [number, number] = [35.71234, 139.81234]; // outside every area

beforeAll(async () => {
  srv = await startServer();
  w = await createWorkshop(srv.url);
  staff = connectClient(srv.url, w.id, w.staffToken);
  staffRes = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
  await Promise.all([staff.synced, staffRes.synced]);
  const geo = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/chuo_school_district.geojson'), 'utf8')) as unknown;
  importAreas(staff.doc, areasFromGeoJson(geo).areas);
  await eventually(() => serverDoc().getMap('areas').size > 0, 5000, 'areas on the server');
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  staff?.destroy();
  staffRes?.destroy();
  await srv?.close();
});

const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc;

interface Watched extends TestClient {
  notices: Notice[];
  closed: Promise<number>;
  frames: Uint8Array[];
}

/** A stock provider that records notices, every frame it receives and its first close. */
async function watched(token: string): Promise<Watched> {
  const c = connectClient(srv.url, w.id, token, { connect: false });
  clients.push(c);
  const notices: Notice[] = [];
  const frames: Uint8Array[] = [];
  c.provider.messageHandlers[MESSAGE_AUTH] = (_enc, decoder) => {
    decoding.readVarUint(decoder);
    const n = parseNotice(decoding.readVarString(decoder));
    if (n) notices.push(n);
  };
  c.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') c.provider.ws!.addEventListener('message', (ev: MessageEvent) => frames.push(new Uint8Array(ev.data as ArrayBuffer)));
  });
  const closed = new Promise<number>((resolve) =>
    c.provider.on('connection-close', (ev: CloseEvent | null) => {
      c.provider.shouldConnect = false;
      resolve(ev?.code ?? 0);
    }),
  );
  c.provider.connect();
  await c.synced;
  return { ...c, notices, closed, frames };
}

async function expectRefused(a: Watched, code: string): Promise<void> {
  expect(await a.closed).toBe(CLOSE.REFUSED);
  expect(a.notices.map((n) => n.notice)).toContain(code);
}

/** The 8 bytes Yjs writes for a float64 (big-endian), to look for in raw frames. */
function float64Bytes(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, false);
  return b;
}
function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

const newPinMap = (id: string, category: string, lat: number, lng: number, extra: [string, unknown][] = []) =>
  new Y.Map<unknown>([['id', id], ['text', new Y.Text('一人暮らしの高齢者が心配')], ['category', category], ['column', 'pool'], ['x', 0], ['y', 0], ['lat', lat], ['lng', lng], ['createdAt', 1], ['updatedAt', 1], ...extra]);

describe('area precision: who may write a need point', () => {
  test('a participant pinning a need on a house is refused; at the area point it is accepted', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'さくら', 'jumin');
    const a = await watched(token);
    a.doc.transact(() => itemsMap(a.doc).set('need-exact', newPinMap('need-exact', 'mimamori', ...HOUSE)));
    await expectRefused(a, 'invalid-value');
    expect(itemsMap(serverDoc()).has('need-exact')).toBe(false);

    const b = await watched(token);
    // whatever area the house is in, addPin (the app's command) gives the coarse point
    const id = addPin(b.doc, { text: '一人暮らしの高齢者が心配', category: 'mimamori', lat: HOUSE[0], lng: HOUSE[1] });
    await eventually(() => itemsMap(serverDoc()).has(id), 5000, 'coarse pin on the server');
    const stored = itemsMap(serverDoc()).get(id)!;
    expect([stored.get('lat'), stored.get('lng')]).not.toEqual(HOUSE);
    const areas = readAreas(serverDoc());
    expect(areas.some((x) => areaPoint(x.polygon)[0] === stored.get('lat') && areaPoint(x.polygon)[1] === stored.get('lng'))).toBe(true);
  });

  test('staff are refused an exact need point in the public document too; resources stay exact', async () => {
    const s = await watched(w.staffToken);
    s.doc.transact(() => itemsMap(s.doc).set('need-staff', newPinMap('need-staff', 'koreikaigo', ...OUTSIDE)));
    await expectRefused(s, 'invalid-value');
    const s2 = await watched(w.staffToken);
    const salon = addPin(s2.doc, { text: 'ふれあいサロン', category: 'ibasho', lat: HOUSE[0], lng: HOUSE[1] });
    await eventually(() => itemsMap(serverDoc()).has(salon), 5000, 'resource on the server');
    expect(itemsMap(serverDoc()).get(salon)!.get('lat')).toBe(HOUSE[0]);
  });

  test('re-categorising a resource pin as a need without coarsening it is refused', async () => {
    const s = await watched(w.staffToken);
    const r = addPin(s.doc, { text: '商店', category: 'ibasho', lat: OUTSIDE[0], lng: OUTSIDE[1] });
    await eventually(() => itemsMap(serverDoc()).has(r), 5000, 'resource');
    itemsMap(s.doc).get(r)!.set('category', 'ido');
    await expectRefused(s, 'invalid-value');
    expect(itemsMap(serverDoc()).get(r)!.get('category')).toBe('ibasho');
  });
});

describe('sensitive words and held notes', () => {
  test('a participant’s note with ごみ屋敷 is refused unless held; a participant cannot release it; staff can', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'ゆき', 'jumin');
    const a = await watched(token);
    a.doc.transact(() => itemsMap(a.doc).set('n-gomi', new Y.Map<unknown>([['id', 'n-gomi'], ['text', new Y.Text('角の家がごみ屋敷')], ['category', 'sumai']])));
    await expectRefused(a, 'not-allowed');
    expect(itemsMap(serverDoc()).has('n-gomi')).toBe(false);

    const b = await watched(token);
    const id = addItem(b.doc, { text: '角の家がごみ屋敷になっている', category: 'sumai' }); // the app's command holds it
    await eventually(() => itemsMap(serverDoc()).get(id)?.get('held') === true, 5000, 'held note');
    itemsMap(b.doc).get(id)!.set('held', false);
    await expectRefused(b, 'not-allowed');
    expect(itemsMap(serverDoc()).get(id)!.get('held')).toBe(true);

    const c = await watched(token);
    const plain = addItem(c.doc, { text: '坂が多い', category: 'ido' });
    await eventually(() => itemsMap(serverDoc()).has(plain), 5000, 'plain note');
    (itemsMap(c.doc).get(plain)!.get('text') as Y.Text).insert(4, '。ひきこもりの人がいる');
    await expectRefused(c, 'not-allowed');

    await waitFor(staff.doc, () => itemsMap(staff.doc).has(id), 5000, 'staff sees the note');
    itemsMap(staff.doc).get(id)!.set('held', false);
    await eventually(() => itemsMap(serverDoc()).get(id)!.get('held') === false, 5000, 'released');
  });

  test('a participant cannot set consent; staff can', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'はな', 'jumin');
    const a = await watched(token);
    const id = addItem(a.doc, { text: '自宅サロン', category: 'ibasho' });
    await eventually(() => itemsMap(serverDoc()).has(id), 5000, 'note');
    itemsMap(a.doc).get(id)!.set('consent', 'yes');
    await expectRefused(a, 'not-allowed');
    await waitFor(staff.doc, () => itemsMap(staff.doc).has(id), 5000, 'staff sees it');
    itemsMap(staff.doc).get(id)!.set('consent', 'pending');
    await eventually(() => itemsMap(serverDoc()).get(id)!.get('consent') === 'pending', 5000, 'consent set');
  });

  test('a participant cannot write the precision setting', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'たろう', 'jumin');
    const a = await watched(token);
    metaMap(a.doc).set('precisionM', 50);
    await expectRefused(a, 'not-allowed');
  });
});

describe('what leaves the server', () => {
  test('a participant’s frames and the public exports never hold a need’s exact point; include=restricted does; consent filters public listings', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'みどり', 'jumin');
    const p = await watched(token);
    const exact: [number, number] = [35.9265432, 139.4781234]; // 7 decimals: what GeoJSON keeps
    const need = addPin(staff.doc, { text: '見守りが必要な方がいる', category: 'mimamori', lat: exact[0], lng: exact[1] }, { exactDoc: staffRes.doc });
    const homeSalon = addPin(staff.doc, { text: '自宅開放サロン', category: 'ibasho', lat: 35.9301, lng: 139.4801 });
    const library = addPin(staff.doc, { text: '図書館', category: 'ibasho', lat: 35.9302, lng: 139.4802 });
    itemsMap(staff.doc).get(homeSalon)!.set('consent', 'pending');
    await waitFor(p.doc, () => itemsMap(p.doc).has(need) && itemsMap(p.doc).get(homeSalon)?.get('consent') === 'pending' && itemsMap(p.doc).has(library), 5000, 'participant got the pins');
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && r.restricted && r.doc.getMap('exactPoints').has(need)), 5000, 'exact point on the server');

    const all = p.frames.reduce((n, f) => n + f.length, 0);
    expect(all).toBeGreaterThan(0);
    for (const v of exact) for (const f of p.frames) expect(contains(f, float64Bytes(v))).toBe(false);
    const got = itemsMap(p.doc).get(need)!;
    expect(got.get('lat')).not.toBe(exact[0]);
    // decoded: no float anywhere in the participant's document equals an exact coordinate
    const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(p.doc));
    const values = decoded.structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentAny ? s.content.arr : []));
    expect(values).not.toContain(exact[0]);
    expect(values).not.toContain(exact[1]);

    const get = (q: string) => api<string>(srv.url, 'GET', `/api/workshops/${w.id}/${q}`, undefined, w.staffToken);
    // every public export: the files, the summary and the 成果把握 report
    for (const q of ['export.geojson', 'export.csv', 'export.json', 'summary.json', 'summary.csv', 'report.json', 'report.csv']) {
      expect((await get(q)).status, q).toBe(200);
      const body = JSON.stringify((await get(q)).body);
      expect(body, q).not.toContain(String(exact[0]));
      expect(body, q).not.toContain(String(exact[1]));
    }
    const geo = JSON.stringify((await get('export.geojson')).body);
    const csv = JSON.stringify((await get('export.csv')).body);
    expect(geo).not.toContain('自宅開放サロン');
    expect(csv).not.toContain('自宅開放サロン');
    expect(geo).toContain('図書館');
    const staffGeo = JSON.stringify((await get('export.geojson?include=restricted')).body);
    expect(staffGeo).toContain(String(exact[0]));
    expect(staffGeo).toContain('自宅開放サロン');
    expect(JSON.stringify((await get('export.csv?include=restricted')).body)).toContain('自宅開放サロン');
  });
});

describe('routes: 「相談したい」 and a phone’s exact point', () => {
  test('a consultation with a phone number reaches staff only; the answer carries the 窓口; viewers are refused; bad input is 400', async () => {
    metaMap(staff.doc).set('consultDesk', '中央地域包括支援センター 049-000-1111');
    await eventually(() => metaMap(serverDoc()).get('consultDesk') !== undefined, 5000, 'desk set');
    const token = await joinWorkshop(srv.url, w.joinCode, 'かず', 'jumin');
    const other = await watched(await joinWorkshop(srv.url, w.joinCode, 'となり', 'jumin'));
    const viewer = await watched(w.viewerToken);
    const projector = await watched(w.projectorToken);
    const text = '隣の方のことで相談したい';
    const phone = '090-9876-5432';
    const r = await api<{ id: string; desk: string }>(srv.url, 'POST', `/api/workshops/${w.id}/consult`, { text, contact: phone }, token);
    expect(r.status).toBe(201);
    expect(r.body.desk).toContain('049-000-1111');
    await waitFor(staffRes.doc, () => staffRes.doc.getMap('consultations').has(r.body.id), 5000, 'staff got it');
    const m = staffRes.doc.getMap<Y.Map<unknown>>('consultations').get(r.body.id)!;
    expect([m.get('text'), m.get('contact'), m.get('status')]).toEqual([text, phone, 'open']);
    // staff mark it 対応中
    m.set('status', 'inProgress');
    await eventually(() => srv.rooms.loadedRooms.find((x) => x.workshopId === w.id && x.restricted)!.doc.getMap<Y.Map<unknown>>('consultations').get(r.body.id)!.get('status') === 'inProgress', 5000, 'status');
    // a later sync proves both sockets were sent everything before it
    const probe = await watched(w.viewerToken);
    probe.destroy();
    const enc = new TextEncoder();
    for (const c of [other, viewer, projector]) {
      expect(c.frames.length).toBeGreaterThan(0);
      for (const f of c.frames) {
        expect(contains(f, enc.encode(phone))).toBe(false);
        expect(contains(f, enc.encode('相談したい'))).toBe(false);
      }
    }
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/consult`, { text }, w.viewerToken)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/consult`, { text }, w.projectorToken)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/consult`, { text: '' }, token)).status).toBe(400);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/consult`, { text: 'あ'.repeat(1001) }, token)).status).toBe(400);
    expect((await api<{ desk: string }>(srv.url, 'GET', `/api/workshops/${w.id}/consult-desk`, undefined, token)).body.desk).toContain('049-000-1111');
    const log = await api<unknown>(srv.url, 'GET', `/api/workshops/${w.id}/access-log`, undefined, w.facilitatorToken);
    expect(JSON.stringify(log.body)).toContain('consult');
  });

  test('a phone sends the exact point of its own need pin; not of another’s; staff exports show it', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'ちえ', 'jumin');
    const a = await watched(token);
    const exact: [number, number] = [35.9281234, 139.4791234];
    const id = addPin(a.doc, { text: '坂の上の一人暮らし', category: 'koreikaigo', lat: exact[0], lng: exact[1] });
    await eventually(() => itemsMap(serverDoc()).get(id)?.get('authorId') !== undefined, 5000, 'pin stamped');
    const url = `/api/workshops/${w.id}/items/${id}/exact-point`;
    expect((await api(srv.url, 'POST', url, { lat: exact[0], lng: exact[1] }, token)).status).toBe(204);
    const stranger = await joinWorkshop(srv.url, w.joinCode, 'よそ', 'jumin');
    expect((await api(srv.url, 'POST', url, { lat: 1, lng: 1 }, stranger)).status).toBe(403);
    expect((await api(srv.url, 'POST', url, { lat: 'x' }, token)).status).toBe(400);
    expect((await api(srv.url, 'POST', url, { lat: 1, lng: 1 }, w.viewerToken)).status).toBe(403);
    const staffGeo = JSON.stringify((await api(srv.url, 'GET', `/api/workshops/${w.id}/export.geojson?include=restricted`, undefined, w.staffToken)).body);
    expect(staffGeo).toContain(String(exact[0]));
    const pubGeo = JSON.stringify((await api(srv.url, 'GET', `/api/workshops/${w.id}/export.geojson`, undefined, w.staffToken)).body);
    expect(pubGeo).not.toContain(String(exact[0]));
    for (const f of a.frames) expect(contains(f, float64Bytes(exact[0]))).toBe(false);
  });
});
