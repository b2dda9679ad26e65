import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addItem, CLOSE, itemsMap, metaMap, readItems } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { connectWriter, type Writer } from '../helpers/writer.js';

/**
 * Issue 14: `liftedAt` and `fromDistrict` are the server's (the lift route, the city workshop);
 * no websocket writer — not even the facilitator — may write or remove them; `meta.liftLimit`
 * is the facilitator's. Crafted y-websocket updates are refused (close 4413) and change nothing.
 */
let srv: TsunaguServer;
let w: CreatedWorkshop;
let fac: TestClient;
let issue = '';
const writers: Writer[] = [];

beforeAll(async () => {
  srv = await startServer();
  w = await createWorkshop(srv.url);
  fac = connectClient(srv.url, w.id, w.facilitatorToken);
  await fac.synced;
  issue = addItem(fac.doc, { text: '買い物に行けない', category: 'ido' });
  await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && itemsMap(r.doc).has(issue)), 5000, 'note on the server');
});
afterAll(async () => {
  for (const c of writers.splice(0)) c.destroy();
  fac?.destroy();
  await srv?.close();
});

const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc;

async function refused(token: string, edit: (d: Y.Doc) => void, code = 'not-allowed'): Promise<void> {
  const before = JSON.stringify(serverDoc().toJSON());
  const c = await connectWriter(srv.url, w.id, token);
  writers.push(c);
  edit(c.doc);
  expect(await c.closed).toBe(CLOSE.REFUSED);
  expect(c.notices.map((n) => n.notice)).toContain(code);
  expect(JSON.stringify(serverDoc().toJSON())).toBe(before);
}

describe('server-only keys of issue 14', () => {
  test('the facilitator cannot write liftedAt over the websocket', async () => {
    await refused(w.facilitatorToken, (d) => itemsMap(d).get(issue)!.set('liftedAt', Date.now()));
  });

  test('staff cannot create a note that carries fromDistrict or liftedAt', async () => {
    await refused(w.staffToken, (d) =>
      d.transact(() =>
        itemsMap(d).set(
          'forged',
          new Y.Map<unknown>([
            ['id', 'forged'],
            ['text', new Y.Text('偽の市の課題')],
            ['category', 'ido'],
            ['column', 'pool'],
            ['fromDistrict', { workshopId: 'x', unitId: 'y', name: '偽' }],
          ]),
        ),
      ),
    );
    await refused(w.staffToken, (d) =>
      d.transact(() => itemsMap(d).set('forged2', new Y.Map<unknown>([['id', 'forged2'], ['text', new Y.Text('x')], ['category', 'ido'], ['liftedAt', 1]]))),
    );
  });

  test('a participant cannot lift its own note', async () => {
    const token = await joinWorkshop(srv.url, w.joinCode, 'さくら', 'jumin');
    const own = await connectWriter(srv.url, w.id, token);
    writers.push(own);
    const mine = addItem(own.doc, { text: '自分の課題', category: 'ido' });
    await eventually(() => itemsMap(serverDoc()).has(mine), 5000, 'own note on the server');
    own.destroy();
    await refused(token, (d) => itemsMap(d).get(mine)!.set('liftedAt', Date.now()));
  });

  test('nobody removes liftedAt over the websocket once the route wrote it', async () => {
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/lift`, { itemId: issue, lifted: true }, w.facilitatorToken)).status).toBe(200);
    await waitFor(fac.doc, () => readItems(fac.doc).find((i) => i.id === issue)?.liftedAt !== undefined, 5000, 'liftedAt reaches the facilitator');
    await refused(w.facilitatorToken, (d) => itemsMap(d).get(issue)!.delete('liftedAt'));
    await refused(w.staffToken, (d) => itemsMap(d).get(issue)!.set('liftedAt', 1));
  });

  test('a held note (a sensitive word) is not lifted until staff release it', async () => {
    const held = addItem(fac.doc, { text: 'ごみ屋敷が心配', category: 'sumai' });
    await eventually(() => itemsMap(serverDoc()).get(held)?.get('held') === true, 5000, 'held note on the server');
    const r = await api<{ error: string }>(srv.url, 'POST', `/api/workshops/${w.id}/lift`, { itemId: held, lifted: true }, w.facilitatorToken);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/held/);
  });

  test('meta.liftLimit: the facilitator sets it (0–5), staff may not; the route honours it', async () => {
    await refused(w.staffToken, (d) => metaMap(d).set('liftLimit', 5));
    const ok = await connectWriter(srv.url, w.id, w.facilitatorToken);
    writers.push(ok);
    metaMap(ok.doc).set('liftLimit', 1);
    await eventually(() => metaMap(serverDoc()).get('liftLimit') === 1, 5000, 'liftLimit on the server');
    const second = addItem(fac.doc, { text: '見守りが足りない', category: 'mimamori' });
    await eventually(() => itemsMap(serverDoc()).has(second), 5000, 'second note on the server');
    const r = await api<{ reason: string; limit: number }>(srv.url, 'POST', `/api/workshops/${w.id}/lift`, { itemId: second, lifted: true }, w.facilitatorToken);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ reason: 'limit', limit: 1 });
    ok.destroy();
    await refused(w.facilitatorToken, (d) => metaMap(d).set('liftLimit', 9), 'invalid-value'); // out of range
  });
});
