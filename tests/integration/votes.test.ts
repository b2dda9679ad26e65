import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import { addItem, ballotsMap, itemsMap, readItems, readVote, totalVotes } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Vote tallies are hidden from participants until the reveal in what their devices receive:
 * dots go through the server into the restricted document; the public document holds no dots
 * until the facilitator reveals them.
 */
describe('dot voting through the server', () => {
  let srv: TsunaguServer;
  let w: CreatedWorkshop;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);
  beforeEach(async () => {
    srv = await startServer();
    w = await createWorkshop(srv.url);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await srv.close();
  });
  const vote = <T = { budget: number; used: number; mine: Record<string, number>; reason?: string }>(path: string, body: unknown, token: string) =>
    api<T>(srv.url, body === undefined ? 'GET' : 'POST', `/api/workshops/${w.id}/votes${path}`, body, token);

  test('a participant’s dots never reach another participant before the reveal; staff see ballots; the reveal brings tallies to everyone', async () => {
    const fac = track(connectClient(srv.url, w.id, w.facilitatorToken));
    const staffRes = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    await Promise.all([fac.synced, staffRes.synced]);
    const a = addItem(fac.doc, { text: '買い物', category: 'ido' });
    const b = addItem(fac.doc, { text: '見守り', category: 'mimamori' });
    const hanako = await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'jumin');
    const other = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'じろう', 'jumin')));
    await other.synced;
    const frames: Uint8Array[] = [];
    other.provider.ws?.addEventListener('message', (ev: MessageEvent) => frames.push(new Uint8Array(ev.data as ArrayBuffer)));
    await eventually(() => readItems(srv.rooms.loadedRooms.find((r) => !r.restricted)!.doc).length === 2, 5000, 'notes saved');

    expect((await vote('', { itemId: a, delta: 1 }, hanako)).status).toBe(409); // no vote yet
    expect((await vote('/start', { budget: 2 }, hanako)).status).toBe(403); // only the facilitator
    expect((await vote('/start', { budget: 2 }, w.facilitatorToken)).status).toBe(200);
    await waitFor(other.doc, () => readVote(other.doc).active, 5000, 'vote started');
    expect((await vote('', { itemId: a, delta: 1 }, hanako)).body).toMatchObject({ used: 1, mine: { [a]: 1 } });
    expect((await vote('', { itemId: b, delta: 1 }, hanako)).body).toMatchObject({ used: 2, mine: { [a]: 1, [b]: 1 } });
    const over = await vote('', { itemId: a, delta: 1 }, hanako);
    expect(over.status).toBe(409);
    expect(over.body.reason).toBe('budget-exhausted');
    expect((await vote('', { itemId: a, delta: 1 }, w.viewerToken)).status).toBe(403);

    // staff hold the ballots; the other resident's device holds no dots at all
    await waitFor(staffRes.doc, () => ballotsMap(staffRes.doc).size === 2, 5000, 'ballots for staff');
    await new Promise((r) => setTimeout(r, 200));
    expect(readItems(other.doc).every((i) => totalVotes(i) === 0)).toBe(true);
    expect(other.doc.share.has('ballots')).toBe(false);
    // and nothing in what its socket received names a ballot or her voter id
    const hanakoId = (await api<{ userId: string }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, hanako)).body.userId;
    const received = Buffer.concat(frames.map((f) => Buffer.from(f))).toString('latin1');
    expect(received).not.toContain(hanakoId);
    expect(received).not.toContain('ballots');

    // the reveal: every device gets the tallies
    expect((await vote('/reveal', { revealed: true }, w.facilitatorToken)).status).toBe(200);
    await waitFor(other.doc, () => readItems(other.doc).find((i) => i.id === a)?.votes[hanakoId] === 1, 5000, 'tallies after the reveal');
    expect(readItems(other.doc).map((i) => totalVotes(i))).toEqual([1, 1]);
    // hiding them again takes them off every device; the ballots stay
    await vote('/reveal', { revealed: false }, w.facilitatorToken);
    await waitFor(other.doc, () => readItems(other.doc).every((i) => totalVotes(i) === 0), 5000, 'hidden again');
    expect(ballotsMap(staffRes.doc).size).toBe(2);
    // taking a dot back frees the budget
    expect((await vote('', { itemId: b, delta: -1 }, hanako)).body).toMatchObject({ used: 1, mine: { [a]: 1 } });
    expect((await vote('/mine', undefined, hanako)).body).toMatchObject({ budget: 2, used: 1 });
  });

  test('ten taps at once never overspend the budget', async () => {
    const fac = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await fac.synced;
    const ids = Array.from({ length: 10 }, (_, i) => addItem(fac.doc, { text: `意見 ${i}`, category: 'ido' }));
    await eventually(() => itemsMap(srv.rooms.loadedRooms.find((r) => !r.restricted)!.doc).size === 10, 5000, 'notes saved');
    await vote('/start', { budget: 3, clear: true }, w.facilitatorToken);
    const token = await joinWorkshop(srv.url, w.joinCode);
    const results = await Promise.all(ids.map((itemId) => vote('', { itemId, delta: 1 }, token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect((await vote('/mine', undefined, token)).body.used).toBe(3);
  });
});
