import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addArea, addItem, matchOffers, readAreas, readItems, readOfferAuthors, readOffers, offersMap } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type TestClient } from '../helpers/server.js';

/**
 * 「私にできること」: a resident offers help from her phone; the offer (no name) reaches every
 * device and sits beside matching needs; who offered reaches staff only; she can withdraw it;
 * the document cannot be written around the route.
 */
describe('offers of help (ニーズとシーズ)', () => {
  let srv: TsunaguServer;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  beforeEach(async () => {
    srv = await startServer();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await srv.close();
  });

  test('an offer reaches everyone without its author; staff see who; matching by category and area', async () => {
    const w = await createWorkshop(srv.url);
    const staff = track(connectClient(srv.url, w.id, w.staffToken));
    const staffRes = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    await Promise.all([staff.synced, staffRes.synced]);
    const area = addArea(staff.doc, { name: '仲町自治会', kind: 'jichikai', polygon: [[35.92, 139.48], [35.93, 139.48], [35.93, 139.49], [35.92, 139.49]] });
    const need = addItem(staff.doc, { text: '雪かきができない', category: 'koreikaigo', lat: 35.925, lng: 139.485 });
    addItem(staff.doc, { text: '遠くの困りごと', category: 'koreikaigo', lat: 35.95, lng: 139.5 });
    const hanako = await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'jumin');
    const other = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'じろう', 'jumin')));
    await other.synced;
    // every frame the other resident's socket receives, decoded as text, must never name her
    const seen: string[] = [];
    other.provider.ws?.addEventListener('message', (ev: MessageEvent) => seen.push(Buffer.from(ev.data as ArrayBuffer).toString('utf8')));
    await eventually(() => readAreas(srv.rooms.loadedRooms.find((r) => !r.restricted)!.doc).length === 1, 5000, 'area saved');

    const r = await api<{ id: string }>(srv.url, 'POST', `/api/workshops/${w.id}/offers`, { text: '雪かきを手伝えます', category: 'koreikaigo', areaId: area }, hanako);
    expect(r.status).toBe(201);
    await waitFor(other.doc, () => readOffers(other.doc).length === 1, 5000, 'offer on the other phone');
    expect(readOffers(other.doc)[0]).toMatchObject({ id: r.body.id, text: '雪かきを手伝えます', category: 'koreikaigo', areaId: area });
    expect(JSON.stringify(other.doc.toJSON())).not.toContain('はなこ');
    expect(seen.join('')).not.toContain('はなこ');
    await waitFor(staffRes.doc, () => readOfferAuthors(staffRes.doc).size === 1, 5000, 'author for staff');
    expect(readOfferAuthors(staffRes.doc).get(r.body.id)).toMatchObject({ name: 'はなこ', kind: 'jumin' });

    // matched to the need in her area, not to the one outside it
    const matches = matchOffers(readItems(other.doc), readOffers(other.doc), readAreas(other.doc));
    expect([...matches.keys()]).toEqual([need]);

    // bad input and other roles
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/offers`, { text: '', category: 'koreikaigo' }, hanako)).status).toBe(400);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/offers`, { text: 'x', category: 'shinpai' }, hanako)).status).toBe(400);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/offers`, { text: 'x', category: 'koreikaigo', areaId: 'nowhere' }, hanako)).status).toBe(400);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/offers`, { text: 'x', category: 'koreikaigo' }, w.viewerToken)).status).toBe(403);

    // only she (or staff) withdraws it; her list shows it
    const mine = await api<{ offers: { id: string }[] }>(srv.url, 'GET', `/api/workshops/${w.id}/offers/mine`, undefined, hanako);
    expect(mine.body.offers.map((o) => o.id)).toEqual([r.body.id]);
    const jiroToken = await joinWorkshop(srv.url, w.joinCode, 'さぶろう', 'jumin');
    expect((await api(srv.url, 'DELETE', `/api/workshops/${w.id}/offers/${r.body.id}`, undefined, jiroToken)).status).toBe(403);
    expect((await api(srv.url, 'DELETE', `/api/workshops/${w.id}/offers/${r.body.id}`, undefined, hanako)).status).toBe(204);
    await waitFor(other.doc, () => readOffers(other.doc).length === 0, 5000, 'withdrawn');
  });

  test('a participant cannot write offers into the document directly (only through the route)', async () => {
    const w = await createWorkshop(srv.url);
    const p = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode)));
    await p.synced;
    const closed = new Promise<number>((resolve) => p.provider.on('connection-close', (ev: CloseEvent | null) => ev && resolve(ev.code)));
    p.doc.transact(() => {
      const m = new Y.Map<unknown>();
      m.set('id', 'o-fake');
      m.set('text', '偽の申し出');
      m.set('category', 'koreikaigo');
      offersMap(p.doc).set('o-fake', m);
    });
    expect(await closed).toBe(4413);
    expect(readOffers(srv.rooms.loadedRooms.find((r) => !r.restricted)!.doc)).toEqual([]);
  });
});
