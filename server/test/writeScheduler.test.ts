import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { RoomPersistence } from '../src/persistence/roomPersistence.js';
import { WriteScheduler } from '../src/persistence/writeScheduler.js';
import { SqliteStore } from '../src/store/sqliteStore.js';
import { SqliteAsyncStore } from '../src/store/asyncStore.js';

function setup() {
  const store = new SqliteAsyncStore(new SqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-sched-'))));
  const scheduler = new WriteScheduler(store, 1_000_000); // ticks only when the test says
  const rooms = ['a', 'b', 'c'].map((name) => {
    const doc = new Y.Doc();
    const p = new RoomPersistence(store, name, doc, { batchMs: 1_000_000, compactDebounceMs: 1_000_000, compactMaxWaitMs: 1_000_000, scheduler, retryMs: 1_000_000 });
    doc.on('update', (u: Uint8Array) => p.push(u));
    return { doc, p };
  });
  return { store, scheduler, rooms };
}

describe('WriteScheduler', () => {
  test('writes every room in one transaction per tick', async () => {
    const { store, scheduler, rooms } = setup();
    let transactions = 0;
    const realMany = store.appendMany.bind(store);
    store.appendMany = (b) => (transactions++, realMany(b));
    // a room whose own write is in flight waits for the next tick instead of being written twice
    await rooms[0]!.p.mutex.lock();
    await scheduler.tick();
    expect(transactions).toBe(0);
    rooms[0]!.p.mutex.unlock();
    for (const r of rooms) for (let i = 0; i < 3; i++) r.doc.getMap('m').set(`k${i}`, i);
    expect(rooms.map((r) => r.p.pendingCount)).toEqual([3, 3, 3]);
    expect(rooms.map((r) => r.p.pendingCount)).toEqual([3, 3, 3]);
    await scheduler.tick();
    expect(transactions).toBe(1);
    expect(rooms.map((r) => r.p.pendingCount)).toEqual([0, 0, 0]);
    expect(await Promise.all(rooms.map(async (r) => (await store.loadDoc(r.p.docName)).updates.length))).toEqual([3, 3, 3]);
    scheduler.stop();
    for (const r of rooms) r.p.abandon();
    await store.close();
  });

  test('a failed commit loses nothing: rooms keep their updates, healthy ones still write alone', async () => {
    const { store, scheduler, rooms } = setup();
    store.appendMany = () => Promise.reject(new Error('disk I/O error'));
    const realAppend = store.appendUpdates.bind(store);
    store.appendUpdates = (name, u) => (name === 'b' ? Promise.reject(new Error('disk I/O error')) : realAppend(name, u));
    for (const r of rooms) r.doc.getMap('m').set('x', 1);
    await scheduler.tick();
    const stored = async (name: string) => (await store.loadDoc(name)).updates.length;
    await Promise.all(rooms.map((r) => r.p.mutex.run(() => {}))); // each room's own write settled
    expect(await stored('a')).toBe(1);
    expect(await stored('c')).toBe(1);
    expect(rooms[1]!.p.pendingCount).toBe(1); // kept in memory
    expect(rooms[1]!.p.failures).toBe(1);
    store.appendUpdates = realAppend;
    await rooms[1]!.p.flush(); // the retry
    expect(await stored('b')).toBe(1);
    expect(rooms[1]!.p.failures).toBe(0);
    scheduler.stop();
    for (const r of rooms) r.p.abandon();
    await store.close();
  });

  test('compactions due together run one at a time, spaced apart, and each room ends up compacted', async () => {
    const store = new SqliteAsyncStore(new SqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-sched-'))));
    const scheduler = new WriteScheduler(store, 5, 30);
    const rooms = ['a', 'b', 'c', 'd'].map((name) => {
      const doc = new Y.Doc();
      const p = new RoomPersistence(store, name, doc, { batchMs: 5, compactDebounceMs: 10, compactMaxWaitMs: 10, scheduler });
      doc.on('update', (u: Uint8Array) => p.push(u));
      return { doc, p };
    });
    const at: number[] = [];
    const realCompact = store.compact.bind(store);
    store.compact = (name, snap, seq) => (at.push(performance.now()), realCompact(name, snap, seq));
    for (const r of rooms) r.doc.getMap('m').set('x', 1);
    const end = Date.now() + 2000;
    while (at.length < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(at.length).toBe(4);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(25);
    for (const r of rooms) {
      const stored = await store.loadDoc(r.p.docName);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates).toEqual([]);
    }
    scheduler.stop();
    for (const r of rooms) r.p.abandon();
    await store.close();
  });
});
