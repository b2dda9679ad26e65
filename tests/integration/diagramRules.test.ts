import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';

import { addItem, CLOSE, connect, createAction, connectorsMap, deleteConnectors, groupItems, moveGroup, readConnectors, restyleConnectors } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, eventually, joinWorkshop, startServer, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { connectWriter, type Writer } from '../helpers/writer.js';

/**
 * 図式化 through the server (issue 16): staff and the facilitator draw, restyle and delete
 * connectors and move frames; a participant may not; a malformed connector record is refused
 * for every role (close 4413), and the room keeps syncing for everyone else.
 */
let srv: TsunaguServer;
let w: CreatedWorkshop;
let fac: TestClient;
const clients: TestClient[] = [];
let a = '';
let b = '';

beforeAll(async () => {
  srv = await startServer();
  w = await createWorkshop(srv.url);
  fac = connectClient(srv.url, w.id, w.facilitatorToken);
  await fac.synced;
  a = addItem(fac.doc, { text: '坂道が多い', category: 'ido', x: 40, y: 140 });
  b = addItem(fac.doc, { text: '買い物が大変', category: 'ido', x: 40, y: 400 });
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  fac?.destroy();
  await srv?.close();
});

const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc;

async function writer(token: string): Promise<Writer> {
  const c = await connectWriter(srv.url, w.id, token);
  clients.push(c);
  return c;
}

describe('connectors and frames on the server', () => {
  test('staff draw, restyle and delete a connector; the facilitator moves a frame with its notes', async () => {
    const staff = await writer(w.staffToken);
    const id = connect(staff.doc, a, b, { style: 'dotted', label: 'だから' })!;
    await eventually(() => readConnectors(serverDoc()).some((c) => c.id === id && c.label === 'だから'), 5000, 'connector on the server');
    restyleConnectors(staff.doc, [id], { style: 'bold', arrow: 'both' });
    await eventually(() => readConnectors(serverDoc()).find((c) => c.id === id)?.style === 'bold', 5000, 'restyled');
    deleteConnectors(staff.doc, [id]);
    await eventually(() => readConnectors(serverDoc()).find((c) => c.id === id)?.deletedAt !== undefined, 5000, 'deleted');
    // undoing a creation removes the record: staff may
    staff.doc.transact(() => connectorsMap(staff.doc).delete(id));
    await eventually(() => !connectorsMap(serverDoc()).has(id), 5000, 'removed');
    expect(staff.notices).toEqual([]);

    const g = groupItems(fac.doc, [a, b], '移動の困りごと');
    moveGroup(fac.doc, g, 300, 0);
    await eventually(() => (serverDoc().getMap('items').get(a) as Y.Map<unknown> | undefined)?.get('x') === 340, 5000, 'frame moved with its notes');
  });

  test('a participant may not draw a connector (refused, undone, the room goes on)', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'いたずら', 'jumin');
    const p = await writer(token);
    const id = connect(p.doc, a, b, { label: '勝手な線' });
    expect(id).toBeTruthy();
    expect(await p.closed).toBe(CLOSE.REFUSED);
    expect(p.notices.map((n) => n.notice)).toContain('not-allowed');
    expect(connectorsMap(serverDoc()).has(id!)).toBe(false);
    // the facilitator's connection still syncs
    const ok = connect(fac.doc, b, a)!;
    await eventually(() => connectorsMap(serverDoc()).has(ok), 5000, 'facilitator still syncing');
  });

  test('a connector or an action never names a restricted note (its id lives in the restricted document only)', async () => {
    const staffRes = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
    clients.push(staffRes);
    await staffRes.synced;
    const secret = addItem(staffRes.doc, { text: '心配な世帯', category: 'shinpai', x: 0, y: 0 });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && r.restricted && r.doc.getMap('items').has(secret)), 5000, 'restricted note saved');
    const s1 = await writer(w.staffToken);
    s1.doc.transact(() => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: 'c-secret', from: a, to: secret, style: 'solid', arrow: 'end', label: '', createdAt: 1, updatedAt: 1 })) m.set(k, v);
      connectorsMap(s1.doc).set('c-secret', m);
    });
    expect(await s1.closed).toBe(CLOSE.REFUSED);
    expect(connectorsMap(serverDoc()).has('c-secret')).toBe(false);
    const s2 = await writer(w.staffToken);
    const action = createAction(s2.doc, { title: 'ひみつの取り組み', side: 'kyodo', owner: '', sources: [a, secret] });
    expect(await s2.closed).toBe(CLOSE.REFUSED);
    expect(serverDoc().getMap('actions').has(action)).toBe(false);
    // with public notes only, it is taken
    const s3 = await writer(w.staffToken);
    const ok = createAction(s3.doc, { title: '坂にベンチ', side: 'gyosei', owner: '道路課', sources: [a, b] });
    await eventually(() => serverDoc().getMap('actions').has(ok), 5000, 'action saved');
    expect(s3.notices).toEqual([]);
  });

  const MALFORMED: [string, Record<string, unknown>][] = [
    ['an unknown style', { style: 'wavy' }],
    ['an unknown arrow', { arrow: 'sideways' }],
    ['a label of 10,000 characters', { label: 'あ'.repeat(10_000) }],
    ['an end that is not an id', { to: '"><img src=x onerror=alert(1)>' }],
    ['an unknown key', { onclick: 'alert(1)' }],
  ];
  test.each(MALFORMED)('staff writing a connector with %s is refused (4413)', async (_what, bad) => {
    const staff = await writer(w.staffToken);
    const id = 'c-bad' + Math.random().toString(36).slice(2, 8);
    staff.doc.transact(() => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id, from: a, to: b, style: 'solid', arrow: 'end', label: '', createdAt: 1, updatedAt: 1, ...bad })) m.set(k, v);
      connectorsMap(staff.doc).set(id, m);
    });
    expect(await staff.closed).toBe(CLOSE.REFUSED);
    expect(connectorsMap(serverDoc()).has(id)).toBe(false);
  });
});
