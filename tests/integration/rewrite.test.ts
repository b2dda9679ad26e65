import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { CLOSE, MESSAGE_SYNC, addItem, carryOver, countStructs, readItems, setItemText, syncRoomName, updateItem } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, eventually, startServer, waitFor, type TestClient } from '../helpers/server.js';

const T0 = Date.UTC(2025, 5, 1);
const texts = (doc: Y.Doc) => Object.fromEntries(readItems(doc, { includeDeleted: true }).map((i) => [i.id, { text: i.text, x: i.x, y: i.y, column: i.column }]));

/** Wait for the next close of this provider's socket and return its code. */
function nextClose(client: TestClient): Promise<number> {
  return new Promise((resolve) => {
    const on = (ev: CloseEvent | null) => {
      client.provider.off('connection-close', on);
      resolve(ev?.code ?? 0);
    };
    client.provider.on('connection-close', on);
  });
}

describe('history rewrite when an idle room unloads', () => {
  let server: TsunaguServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
    server = null;
  });

  it('stores only the live content, sends the old history back to reload, and the reloaded device carries its offline edits over', async () => {
    server = await startServer({ idleUnloadMs: 100, rewriteMinStructs: 500, rewriteRatio: 3 });
    const w = await createWorkshop(server.url);
    const room = syncRoomName(w.id);

    // A facilitator's laptop: 20 notes moved 40 times each (every move overwrites x, y, updatedAt)
    const a = connectClient(server.url, w.id, w.facilitatorToken);
    clients.push(a);
    await a.synced;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(addItem(a.doc, { text: `課題 ${i}`, category: 'ido', x: i, y: 0 }, { now: T0 }));
    // one message per round (a drop of a multi-note drag), within the per-connection rate limit
    for (let r = 1; r <= 40; r++) a.doc.transact(() => ids.forEach((id) => updateItem(a.doc, id, { x: r, y: r }, { now: T0 + r })));
    setItemText(a.doc, ids[0]!, '買い物に行けない', { now: T0 + 50 });
    const structsBefore = countStructs(a.doc);
    expect(structsBefore).toBeGreaterThan(2000);
    const sv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
    await eventually(() => server!.rooms.loadedRooms.some((r) => r.name === room && sv(r.doc) === sv(a.doc)), 5000, 'server has every edit');
    const expected = texts(a.doc);

    // the laptop goes offline and keeps working; the room empties and unloads
    a.provider.disconnect();
    await eventually(() => server!.rooms.loadedRooms.length === 0, 10_000, 'room unloaded');
    const offlineNote = addItem(a.doc, { text: 'オフラインで書いた付箋', category: 'mimamori', x: 5, y: 5 }, { now: T0 + 100 });
    setItemText(a.doc, ids[1]!, 'オフラインで直した', { now: T0 + 100 });

    // what is stored: the same notes, a fraction of the structs, and the old writer retired
    const stored = await server.store.loadDoc(room);
    expect(stored.updates).toEqual([]);
    expect(stored.retiredClients).toContain(a.doc.clientID);
    const reloaded = new Y.Doc();
    Y.applyUpdateV2(reloaded, stored.snapshot!);
    expect(texts(reloaded)).toEqual(expected);
    expect(countStructs(reloaded) * 3).toBeLessThan(structsBefore);

    // a new device gets the rewritten document
    const b = connectClient(server.url, w.id, w.facilitatorToken);
    clients.push(b);
    await b.synced;
    expect(texts(b.doc)).toEqual(expected);
    expect(Y.decodeStateVector(Y.encodeStateVector(b.doc)).has(a.doc.clientID)).toBe(false);

    // the old device reconnects with its old history: told to reload, nothing of it applied
    const closed = nextClose(a);
    a.provider.connect();
    expect(await closed).toBe(CLOSE.HISTORY_REWRITTEN);
    a.provider.disconnect();
    expect(readItems(b.doc).some((i) => i.id === offlineNote)).toBe(false);

    // an old-history update sent directly is refused the same way, and the room is untouched
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${w.id}?token=${w.facilitatorToken}`);
    await new Promise((r) => raw.once('open', r));
    const rawClosed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(a.doc));
    raw.send(encoding.toUint8Array(e));
    expect(await rawClosed).toBe(CLOSE.HISTORY_REWRITTEN);
    expect(readItems(b.doc).some((i) => i.id === offlineNote)).toBe(false);

    // the reloaded device: a fresh copy, then its unsent edits carried over
    const a2 = connectClient(server.url, w.id, w.facilitatorToken);
    clients.push(a2);
    await a2.synced;
    expect(carryOver(a.doc, a2.doc)).toBe(2);
    await waitFor(b.doc, () => readItems(b.doc).some((i) => i.id === offlineNote), 5000, 'offline note reaches the other device');
    const seen = texts(b.doc);
    expect(seen[offlineNote]?.text).toBe('オフラインで書いた付箋');
    expect(seen[ids[1]!]?.text).toBe('オフラインで直した');
    expect(seen[ids[0]!]?.text).toBe('買い物に行けない');
  });

  it('leaves a room alone when its history is not much bigger than its content', async () => {
    server = await startServer({ idleUnloadMs: 100, rewriteMinStructs: 10, rewriteRatio: 4 });
    const w = await createWorkshop(server.url);
    const a = connectClient(server.url, w.id, w.facilitatorToken);
    clients.push(a);
    await a.synced;
    for (let i = 0; i < 10; i++) addItem(a.doc, { text: `課題 ${i}`, category: 'ido', x: i, y: 0 }, { now: T0 });
    await eventually(async () => (await server!.store.loadDoc(syncRoomName(w.id))).updates.length > 0, 5000, 'saved');
    a.provider.disconnect();
    await eventually(() => server!.rooms.loadedRooms.length === 0, 10_000, 'room unloaded');
    expect((await server.store.loadDoc(syncRoomName(w.id))).retiredClients).toEqual([]);
    const closed = nextClose(a);
    a.provider.connect();
    await eventually(() => a.provider.synced, 5000, 'resync');
    a.provider.disconnect();
    expect(await closed).not.toBe(CLOSE.HISTORY_REWRITTEN);
  });
});
