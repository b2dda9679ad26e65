import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { MESSAGE_SYNC, addItem, readItems, setItemText, syncRoomName } from '@tsunagu/shared';
import { SqliteStore, type TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, eventually, startServer, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';

/**
 * The first connection to a room that is not loaded is answered from the stored bytes, and the
 * room loads while the client applies them (RoomManager.presync). Seen on the wire: the answer
 * to the client's step 1 comes before the server's own step 1 (which the server sends when the
 * peer joins the loaded room), and the later answer to the same step 1 carries nothing twice.
 */
const texts = (doc: Y.Doc) => Object.fromEntries(readItems(doc, { includeDeleted: true }).map((i) => [i.id, { text: i.text, x: i.x, y: i.y, column: i.column }]));

interface SyncFrame {
  syncType: number;
  payload: Uint8Array;
}

/** A raw y-websocket peer: sends step 1 with `stateVector`, records every sync frame. */
function rawPeer(url: string, stateVector: Uint8Array) {
  const ws = new WebSocket(url);
  const frames: SyncFrame[] = [];
  ws.on('open', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, stateVector);
    ws.send(encoding.toUint8Array(e));
  });
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return;
    frames.push({ syncType: decoding.readVarUint(d), payload: decoding.readVarUint8Array(d) });
  });
  return { ws, frames, send: (f: Uint8Array) => ws.send(f) };
}

const updateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

describe('first sync of an unloaded room, answered from storage while it loads', () => {
  let server: TsunaguServer | null = null;
  const clients: TestClient[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of sockets.splice(0)) s.terminate();
    await server?.close();
    server = null;
  });

  /** A workshop with 30 notes written by a client, then the server restarted on the same data. */
  async function storedWorkshop() {
    const dataDir = tmpDataDir();
    server = await startServer({ dataDir });
    const w = await createWorkshop(server.url);
    const a = connectClient(server.url, w.id, w.facilitatorToken);
    await a.synced;
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push(addItem(a.doc, { text: `課題 ${i}`, category: 'ido', x: i * 10, y: 0 }));
    const half = Y.encodeStateAsUpdate(a.doc);
    for (let i = 15; i < 30; i++) ids.push(addItem(a.doc, { text: `課題 ${i}`, category: 'bosai', x: i * 10, y: 50 }));
    setItemText(a.doc, ids[0]!, '買い物に行けない');
    const sv = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
    await eventually(() => server!.rooms.loadedRooms.some((r) => r.name === syncRoomName(w.id) && sv(r.doc) === sv(a.doc)), 5000, 'server has every edit');
    const expected = texts(a.doc);
    a.destroy();
    // the same port again, so the peer's URL stays valid across restarts
    const port = server.port;
    const restart = async () => {
      await server?.close();
      server = await startServer({ dataDir, port });
      expect(server.rooms.isOpen(w.id, false)).toBe(false);
    };
    await restart();
    const url = `${server!.url.replace(/^http/, 'ws')}/sync/${w.id}?token=${w.facilitatorToken}`;
    return { w, url, expected, half, restart };
  }

  it('sends the stored document before the server’s step 1, then only what lies beyond it; edits sent meanwhile land after the load', async () => {
    const { w, url, expected } = await storedWorkshop();
    const peer = rawPeer(url, Y.encodeStateVector(new Y.Doc()));
    sockets.push(peer.ws);
    await eventually(() => peer.frames.filter((f) => f.syncType === 1).length >= 2, 10_000, 'two answers to step 1');
    // first: the stored state (step 2), before the loaded room's step 1
    expect(peer.frames[0]!.syncType).toBe(1);
    const firstStep1 = peer.frames.findIndex((f) => f.syncType === 0);
    expect(firstStep1).toBeGreaterThan(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, peer.frames[0]!.payload);
    expect(texts(doc)).toEqual(expected);
    // the answer after the load repeats no struct
    const second = peer.frames.filter((f) => f.syncType === 1)[1]!;
    expect(Y.decodeUpdate(second.payload).structs).toEqual([]);
    expect(server!.rooms.isOpen(w.id, false)).toBe(true);

    // an edit from this peer reaches a client that joins the loaded room
    const mine = new Y.Doc();
    Y.applyUpdate(mine, peer.frames[0]!.payload);
    const before = Y.encodeStateVector(mine);
    const note = addItem(mine, { text: '読み込み中に書いた付箋', category: 'mimamori' });
    peer.send(updateFrame(Y.encodeStateAsUpdate(mine, before)));
    const b = connectClient(server!.url, w.id, w.facilitatorToken);
    clients.push(b);
    await b.synced;
    await waitFor(b.doc, () => readItems(b.doc).some((i) => i.id === note), 5000, 'edit arrives');
    expect(Object.keys(texts(b.doc))).toHaveLength(31);
  });

  it('answers a client that holds part of the document with only the rest, from the cached state and, after a crash left a log, from the snapshot and log', async () => {
    const { w, url, expected, half, restart } = await storedWorkshop();
    const room = syncRoomName(w.id);
    // the final save at shutdown cached the state for this
    expect((await server!.store.loadDoc(room)).syncState).not.toBeNull();
    const fullPeer = rawPeer(url, Y.encodeStateVector(new Y.Doc()));
    sockets.push(fullPeer.ws);
    await eventually(() => fullPeer.frames.some((f) => f.syncType === 1), 10_000, 'full answer');
    const fullBytes = fullPeer.frames.find((f) => f.syncType === 1)!.payload.byteLength;
    fullPeer.ws.terminate();

    const halfAnswer = async (): Promise<Y.Doc> => {
      const partial = new Y.Doc();
      Y.applyUpdate(partial, half);
      const peer = rawPeer(url, Y.encodeStateVector(partial));
      sockets.push(peer.ws);
      await eventually(() => peer.frames.some((f) => f.syncType === 1), 10_000, 'answer');
      expect(peer.frames[0]!.syncType).toBe(1);
      expect(peer.frames[0]!.payload.byteLength).toBeLessThan(fullBytes * 0.75);
      Y.applyUpdate(partial, peer.frames[0]!.payload);
      peer.ws.terminate();
      return partial;
    };
    await restart();
    expect(texts(await halfAnswer())).toEqual(expected);

    // a log row behind the snapshot (as a crash leaves it): the cache is stale and not used
    await restart();
    const other = new Y.Doc();
    const late = addItem(other, { text: 'クラッシュ前の付箋', category: 'bosai' });
    await server!.store.appendUpdates(room, [Y.encodeStateAsUpdate(other)]);
    expect((await server!.store.loadDoc(room)).syncState).toBeNull();
    const doc = await halfAnswer();
    expect(texts(doc)).toEqual({ ...expected, [late]: texts(other)[late] });
  });

  it('the cached sync state is used only while it matches the stored snapshot and no update follows it', () => {
    const store = new SqliteStore(tmpDataDir());
    try {
      const doc = new Y.Doc();
      addItem(doc, { text: 'a', category: 'ido' });
      store.compact('d', Y.encodeStateAsUpdateV2(doc), 0);
      expect(store.loadDoc('d').syncState).toBeNull();
      store.cacheSyncState('d', Y.encodeStateAsUpdate(doc), 0);
      expect(store.hasSyncState('d', 0)).toBe(true);
      expect(store.loadDoc('d').syncState).toEqual(Y.encodeStateAsUpdate(doc));
      // an update after it: stale
      addItem(doc, { text: 'b', category: 'ido' });
      const seq = store.appendUpdates('d', [Y.encodeStateAsUpdate(doc)]);
      expect(store.loadDoc('d').syncState).toBeNull();
      // a new snapshot drops it; a cache for an older snapshot is never returned
      store.compact('d', Y.encodeStateAsUpdateV2(doc), seq);
      expect(store.loadDoc('d').syncState).toBeNull();
      expect(store.hasSyncState('d', 0)).toBe(false);
      store.cacheSyncState('d', new Uint8Array([0, 0]), 0);
      expect(store.loadDoc('d').syncState).toBeNull();
    } finally {
      store.close();
    }
  });
});
