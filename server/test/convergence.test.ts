/**
 * In-memory convergence: several clients talk to a real Room through in-memory sockets whose
 * messages are delivered in a seeded random order, with connections dropped and restored.
 * After everything is delivered, every replica must equal the server's document.
 */
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addItem, deleteItems, itemsMap, moveItems, readItems, REMOTE, LOCAL, MESSAGE_SYNC } from '@tsunagu/shared';
import { Extensions } from '../src/extensions/extension.js';
import { Room, type Peer, type SyncSocket } from '../src/sync/room.js';
import { RoomPersistence } from '../src/persistence/roomPersistence.js';
import { SqliteStore } from '../src/store/sqliteStore.js';
import { SqliteAsyncStore } from '../src/store/asyncStore.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A pending message queue shared by all sockets. Links are interleaved in random order, but
 * each link direction stays in order, as a websocket (TCP) is: the server refuses an update
 * that skips over one it has not seen (a gap) instead of keeping it pending.
 */
class Network {
  queue: { link: object; deliver: () => void }[] = [];
  constructor(readonly rand: () => number) {}
  post(link: object, deliver: () => void) {
    this.queue.push({ link, deliver });
  }
  /** Deliver the oldest pending message of a random link; false when none. */
  step(): boolean {
    if (!this.queue.length) return false;
    const picked = this.queue[Math.floor(this.rand() * this.queue.length)]!.link;
    const i = this.queue.findIndex((m) => m.link === picked);
    this.queue.splice(i, 1)[0]!.deliver();
    return true;
  }
  drain() {
    while (this.step());
  }
}

class MemClient {
  doc = new Y.Doc();
  conn: { open: boolean; toServer: (f: Uint8Array) => void } | null = null;
  peer: Peer | null = null;
  constructor(
    readonly room: Room,
    readonly net: Network,
  ) {
    this.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === REMOTE || !this.conn?.open) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, u);
      this.conn.toServer(encoding.toUint8Array(e));
    });
  }
  connect() {
    const link = { open: true, toServer: (_f: Uint8Array) => {} };
    const down = {};
    const up = {};
    const socket: SyncSocket = {
      send: (data) => this.net.post(down, () => link.open && this.receive(data)),
      close: () => (link.open = false),
    };
    const peer = this.room.join(socket, { role: 'participant', name: 'x', kind: 'jumin', ip: '127.0.0.1', userId: 'u-test' });
    link.toServer = (f) => this.net.post(up, () => link.open && !peer.closed && peer.receive(f));
    this.conn = link;
    // client opens with step1, like y-websocket
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, this.doc);
    link.toServer(encoding.toUint8Array(e));
    this.peer = peer;
  }
  disconnect() {
    if (!this.conn) return;
    this.conn.open = false;
    this.peer?.leave();
    this.conn = null;
  }
  receive(frame: Uint8Array) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.readSyncMessage(d, e, this.doc, REMOTE);
    if (encoding.length(e) > 1 && this.conn) this.conn.toServer(encoding.toUint8Array(e));
  }
}

function makeRoom() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-conv-'));
  const store = new SqliteStore(dir);
  const doc = new Y.Doc();
  const persistence = new RoomPersistence(new SqliteAsyncStore(store), 'w1', doc, { batchMs: 5, compactDebounceMs: 50, compactMaxWaitMs: 200 });
  return { room: new Room('w1', 'w1', false, doc, persistence, new Extensions()), store };
}

describe('convergence (in memory, seeded)', () => {
  for (const seed of [1, 7, 42, 2026]) {
    test(`seed ${seed}: random ops, out-of-order delivery, drops and reconnects converge`, async () => {
      const rand = rng(seed);
      const net = new Network(rand);
      const { room, store } = makeRoom();
      const clients = Array.from({ length: 4 }, () => new MemClient(room, net));
      clients.forEach((c) => c.connect());
      const ids: string[] = [];
      for (let step = 0; step < 400; step++) {
        const c = clients[Math.floor(rand() * clients.length)]!;
        const r = rand();
        if (r < 0.3) ids.push(addItem(c.doc, { text: `n${step}`, category: 'ido' }));
        else if (r < 0.55 && ids.length) {
          const id = ids[Math.floor(rand() * ids.length)]!;
          if (itemsMap(c.doc).has(id)) moveItems(c.doc, [{ id, x: Math.floor(rand() * 1000), y: step, column: rand() < 0.5 ? 'gyosei' : 'jumin' }]);
        } else if (r < 0.7 && ids.length) {
          const id = ids[Math.floor(rand() * ids.length)]!;
          const t = itemsMap(c.doc).get(id)?.get('text');
          if (t instanceof Y.Text) c.doc.transact(() => t.insert(Math.floor(rand() * (t.length + 1)), '字'), LOCAL);
        } else if (r < 0.75 && ids.length) {
          const id = ids[Math.floor(rand() * ids.length)]!;
          if (itemsMap(c.doc).has(id)) deleteItems(c.doc, [id]);
        } else if (r < 0.8) {
          if (c.conn) c.disconnect();
          else c.connect();
        }
        // deliver a random number of pending messages, in random order
        for (let k = Math.floor(rand() * 4); k > 0; k--) net.step();
      }
      for (const c of clients) if (!c.conn || !c.conn.open) (c.disconnect(), c.connect());
      net.drain();
      const expected = JSON.stringify(readItems(room.doc, { includeDeleted: true }));
      expect(readItems(room.doc, { includeDeleted: true }).length).toBeGreaterThan(50);
      for (const c of clients) expect(JSON.stringify(readItems(c.doc, { includeDeleted: true }))).toBe(expected);
      await room.persistence.close();
      // and what was saved equals the live document
      const reloaded = new Y.Doc();
      const stored = store.loadDoc('w1');
      if (stored.snapshot) Y.applyUpdateV2(reloaded, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(reloaded, u);
      expect(JSON.stringify(readItems(reloaded, { includeDeleted: true }))).toBe(expected);
      room.destroy();
      store.close();
    });
  }
});
