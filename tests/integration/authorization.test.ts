import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';

import { addItem, categoriesArray, itemsMap, metaMap, readItems, setPhase, CLOSE } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, tmpDataDir, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { connectWriter, stillOpen as stillOpenAfter, type Writer } from '../helpers/writer.js';

/**
 * The policy table of server/src/authz/policy.ts, role × root, with stock y-websocket providers
 * whose documents are edited directly (complements hostile.test.ts, which goes through the
 * participant's attacks one by one). After every refusal a bystander still receives a later
 * legitimate edit; at the end the server is restarted on the same data directory and nothing
 * refused is there.
 */
const dataDir = tmpDataDir('tsunagu-authz-');
let srv: TsunaguServer;
let w: CreatedWorkshop;
let fac: TestClient;
let bystander: TestClient;
const clients: TestClient[] = [];

beforeAll(async () => {
  srv = await startServer({ dataDir });
  w = await createWorkshop(srv.url);
  fac = connectClient(srv.url, w.id, w.facilitatorToken);
  bystander = connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, '見守り', 'jumin'));
  await Promise.all([fac.synced, bystander.synced]);
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  fac?.destroy();
  bystander?.destroy();
  await srv?.close();
});

const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc;

async function writer(token: string): Promise<Writer> {
  const c = await connectWriter(srv.url, w.id, token);
  clients.push(c);
  return c;
}

const stillOpen = (a: Writer) => stillOpenAfter(srv.url, w.id, w.viewerToken, a);

let tick = 0;
/** The room still syncs: a later legitimate edit by the facilitator reaches the bystander. */
async function roomStillSyncs(): Promise<void> {
  const title = `中央小学校区 ワークショップ ${++tick}`;
  metaMap(fac.doc).set('title', title);
  await waitFor(bystander.doc, () => metaMap(bystander.doc).get('title') === title, 5000, 'bystander sees a later edit');
}

type Role = 'participant' | 'staff' | 'facilitator';
type Expect = 'allowed' | `refused:${string}`;
const shinpai = (d: Y.Doc) => categoriesArray(d).toArray().find((c) => c.get('id') === 'shinpai')!;
const SCRIPT = '#000"><img src=x onerror=alert(1)>';

// [what, edit, participant, staff, facilitator]; every edit is harmless to repeat.
const TABLE: [string, (d: Y.Doc) => void, Expect, Expect, Expect][] = [
  ['meta: title', (d) => metaMap(d).set('title', '書き換え'), 'refused:not-allowed', 'allowed', 'allowed'],
  ['meta: phase', (d) => metaMap(d).set('phase', 'collect'), 'refused:not-allowed', 'allowed', 'allowed'],
  ['meta: unknown key', (d) => metaMap(d).set('evil', 1), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  // a participant's frame is over its size limit; staff's limit is larger, the title's length check refuses it
  ['meta: title of 1 MB', (d) => metaMap(d).set('title', 'x'.repeat(1_000_000)), 'refused:update-too-large', 'refused:invalid-value', 'refused:invalid-value'],
  ['items: a note with 1 MB of text', (d) => d.transact(() => itemsMap(d).set('n-big', new Y.Map<unknown>([['id', 'n-big'], ['text', new Y.Text('あ'.repeat(330_000))], ['category', 'ido']]))), 'refused:update-too-large', 'refused:text-too-long', 'refused:text-too-long'],
  ['columns: label', (d) => d.getArray<Y.Map<unknown>>('columns').get(0).set('label', '地域でできること'), 'refused:not-allowed', 'allowed', 'allowed'],
  ['columns: script colour', (d) => d.getArray<Y.Map<unknown>>('columns').get(0).set('color', SCRIPT), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  ['categories: script colour', (d) => categoriesArray(d).get(0).set('color', SCRIPT), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  ['categories: url() colour', (d) => categoriesArray(d).get(0).set('color', 'url(//evil.example/x)'), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  ['categories: 心配な世帯 restricted: false', (d) => shinpai(d).set('restricted', false), 'refused:not-allowed', 'refused:not-allowed', 'refused:not-allowed'],
  ['categories: 心配な世帯 deleted', (d) => categoriesArray(d).delete(categoriesArray(d).toArray().indexOf(shinpai(d)), 1), 'refused:not-allowed', 'refused:not-allowed', 'refused:not-allowed'],
  ['categories: label', (d) => categoriesArray(d).get(0).set('label', '移動・外出'), 'refused:not-allowed', 'allowed', 'allowed'],
  ['items: a note', (d) => addItem(d, { text: '表通りが暗い', category: 'ido' }), 'allowed', 'allowed', 'allowed'],
  ['items: a pin out of range', (d) => d.transact(() => itemsMap(d).set('n-91', new Y.Map<unknown>([['id', 'n-91'], ['text', new Y.Text('ここ')], ['category', 'ido'], ['lat', 91], ['lng', 139]]))), 'refused:invalid-value', 'refused:invalid-value', 'refused:invalid-value'],
  ['items: a note in 心配な世帯 (public document)', (d) => addItem(d, { text: '心配', category: 'shinpai' }), 'refused:restricted-category', 'refused:restricted-category', 'refused:restricted-category'],
  ['areas: an area', (d) => d.getMap('areas').set('a-t', new Y.Map<unknown>([['id', 'a-t'], ['name', '仲町'], ['kind', 'jichikai'], ['polygon', [[35.92, 139.48], [35.93, 139.48], [35.93, 139.49]]]])), 'refused:not-allowed', 'allowed', 'allowed'],
  ['groups: a group', (d) => d.getMap('groups').set('g-t', new Y.Map<unknown>([['id', 'g-t'], ['name', '買い物']])), 'refused:not-allowed', 'allowed', 'allowed'],
  ['groups: script colour', (d) => d.getMap('groups').set('g-x', new Y.Map<unknown>([['id', 'g-x'], ['name', 'x'], ['color', SCRIPT]])), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  ['timer: duration', (d) => d.getMap('timer').set('durationMs', 600_000), 'refused:not-allowed', 'allowed', 'allowed'],
  ['timer: not a number', (d) => d.getMap('timer').set('durationMs', 'soon'), 'refused:not-allowed', 'refused:invalid-value', 'refused:invalid-value'],
  ['unknown root (map)', (d) => d.getMap('spam').set('k', 1), 'refused:not-allowed', 'refused:not-allowed', 'refused:not-allowed'],
  ['unknown root (text)', (d) => d.getText('spam2').insert(0, 'x'), 'refused:not-allowed', 'refused:not-allowed', 'refused:not-allowed'],
];

const tokenOf = async (role: Role) => (role === 'staff' ? w.staffToken : role === 'facilitator' ? w.facilitatorToken : joinWorkshop(srv.url, w.joinCode, 'ためし', 'jumin'));

describe('policy table: role × root (phase 集める)', () => {
  const roles: Role[] = ['participant', 'staff', 'facilitator'];
  for (const [what, edit, ...expects] of TABLE) {
    roles.forEach((role, i) => {
      const expected = expects[i]!;
      test(`${role}: ${what} → ${expected}`, async () => {
        const before = JSON.stringify(serverDoc().toJSON());
        const a = await writer(await tokenOf(role));
        edit(a.doc);
        if (expected === 'allowed') {
          expect(await stillOpen(a)).toBe('open');
          expect(a.notices).toEqual([]);
        } else {
          expect(await a.closed).toBe(CLOSE.REFUSED);
          expect(a.notices.map((n) => n.notice)).toContain(expected.slice('refused:'.length));
          expect(JSON.stringify(serverDoc().toJSON())).toBe(before);
        }
        await roomStillSyncs();
      });
    });
  }

  test('viewer: every row of the table is dropped without a word; nothing is stored', async () => {
    const before = JSON.stringify(serverDoc().toJSON());
    const v = await writer(w.viewerToken);
    for (const [, edit] of TABLE) edit(v.doc);
    expect(await stillOpen(v)).toBe('open');
    expect(v.notices).toEqual([]);
    expect(JSON.stringify(serverDoc().toJSON())).toBe(before);
    await roomStillSyncs();
  });
});

describe('what each role may do', () => {
  test('facilitator moves the phase; a participant moves a note while sorting, not while voting', async () => {
    const id = addItem(fac.doc, { text: '動かす付箋', category: 'ido', authorId: 'x', authorName: 'x', authorRole: 'jumin' });
    const f = await writer(w.facilitatorToken);
    setPhase(f.doc, 'sort');
    await eventually(() => metaMap(serverDoc()).get('phase') === 'sort' && itemsMap(serverDoc()).has(id), 5000, 'sort phase');
    const p = await writer(await joinWorkshop(srv.url, w.joinCode, '整理', 'jumin'));
    itemsMap(p.doc).get(id)!.set('column', 'gyosei');
    await waitFor(bystander.doc, () => itemsMap(bystander.doc).get(id)?.get('column') === 'gyosei', 5000, 'moved while sorting');
    setPhase(f.doc, 'vote');
    await waitFor(p.doc, () => metaMap(p.doc).get('phase') === 'vote', 5000, 'vote phase reached the participant');
    itemsMap(p.doc).get(id)!.set('column', 'chiiki');
    expect(await p.closed).toBe(CLOSE.REFUSED);
    expect(itemsMap(serverDoc()).get(id)!.get('column')).toBe('gyosei');
    setPhase(f.doc, 'collect');
    await eventually(() => metaMap(serverDoc()).get('phase') === 'collect', 5000, 'back to collect');
    await roomStillSyncs();
  });

  test('a participant’s note with a forged author is stamped with its own userId (GET /api/workshops/:id)', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'minsei');
    const me = (await api<{ userId: string }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, token)).body.userId;
    const p = await writer(token);
    const id = addItem(p.doc, { text: '偽の名前', category: 'ido', authorId: w.id, authorName: '市長', authorRole: 'gyosei' });
    await waitFor(bystander.doc, () => itemsMap(bystander.doc).get(id)?.get('authorId') === me, 5000, 'stamped on others’ devices');
    expect(readItems(serverDoc()).find((i) => i.id === id)).toMatchObject({ authorId: me, authorName: 'はなこ', authorRole: 'minsei' });
  });

  test('staff: a 心配な世帯 note goes into the restricted document', async () => {
    const s = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
    clients.push(s);
    await s.synced;
    const id = addItem(s.doc, { text: '独居の高齢者', category: 'shinpai', lat: 35.92, lng: 139.48 });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && r.restricted && itemsMap(r.doc).has(id)), 5000, 'restricted note stored');
    expect(itemsMap(serverDoc()).has(id)).toBe(false);
  });
});

describe('nothing refused survives a restart', () => {
  test('restart on the same data directory: 心配な世帯 still restricted, no spam root, no 1 MB title', async () => {
    const titleBefore = metaMap(serverDoc()).get('title');
    await srv.close();
    for (const c of clients.splice(0)) c.destroy();
    fac.destroy();
    bystander.destroy();
    srv = await startServer({ dataDir });
    fac = connectClient(srv.url, w.id, w.facilitatorToken);
    bystander = connectClient(srv.url, w.id, w.viewerToken);
    await Promise.all([fac.synced, bystander.synced]);
    const d = serverDoc();
    expect(shinpai(d).get('restricted')).toBe(true);
    expect(metaMap(d).get('title')).toBe(titleBefore);
    expect(metaMap(d).has('evil')).toBe(false);
    expect(d.share.has('spam')).toBe(false);
    expect(d.share.has('spam2')).toBe(false);
    expect(categoriesArray(d).toArray().every((c) => /^#[0-9a-f]{6}$/i.test(String(c.get('color'))))).toBe(true);
    expect(readItems(d).some((i) => i.category === 'shinpai' || i.lat === 91)).toBe(false);
  });
});
