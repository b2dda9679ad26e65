/**
 * Issue 6: load time of a big workshop — 5,000 items × 100 edits each, built directly into a
 * SQLite store (no network), then loaded two ways:
 *   - in process: `RoomManager.open` (store read + Yjs apply + migration), the server's part;
 *   - end to end: a fresh server process on that data directory and one real y-websocket
 *     client, timed from `new WebsocketProvider` to its first `sync`.
 * Two stored shapes: a compacted snapshot (the normal case) and a snapshot plus a 5,000-row
 * update log tail (a crash before the next compaction).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { RoomManager, SqliteStore, withDefaults } from '@tsunagu/server';
import { hashToken } from '../../server/src/auth/tokens.js';
import { IMPORT, addItem, initWorkshopDoc, itemsMap, newId, readItems, setItemText, syncRoomName, updateItem } from '@tsunagu/shared';
import { connectBenchClient } from './benchClient.js';
import { cpuMs, startChild } from './childProcess.js';

const CATEGORIES = ['mimamori', 'koreikaigo', 'kosodate', 'ido', 'bosai', 'ibasho'];
const COLUMNS = ['pool', 'gyosei', 'jumin', 'kyodo'];
const AUTHORS = 40;

export interface LoadTimeOptions {
  items: number;
  editsPerItem: number;
}

export interface LoadTimeResult {
  opts: LoadTimeOptions;
  buildMs: number;
  snapshotBytes: number;
  structs: number;
  /** In-process RoomManager.open of the snapshot-only workshop (wall and CPU ms). */
  openSnapshotMs: number;
  openSnapshotCpuMs: number;
  openWithLogMs: number;
  /** The server process's CPU time during the first sync (immune to other load on the machine). */
  firstSyncServerCpuMs: number;
  /** RSS of the server process holding the big room. */
  serverRssLoaded: number;
  /** Fresh server process, first client sync (ms), and the items the client then had. */
  firstSyncSnapshotMs: number;
  itemsSeen: number;
}

/** Build the document: every round, every item is edited once by one of 40 authors. */
function buildDoc(opts: LoadTimeOptions, onLastRound: (doc: Y.Doc) => void): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  const now = Date.UTC(2025, 5, 1);
  initWorkshopDoc(doc, { title: '大きなワークショップ', district: '中央小学校区' }, now);
  const ids: string[] = [];
  for (let i = 0; i < opts.items; i++) {
    doc.clientID = 1000 + (i % AUTHORS);
    const input = { text: `課題 ${i}: 買い物に行けない高齢者が多い`, category: CATEGORIES[i % CATEGORIES.length]!, x: (i % 100) * 30, y: Math.floor(i / 100) * 30 };
    ids.push(addItem(doc, i % 10 === 0 ? { ...input, lat: 35.92 + (i % 50) * 0.001, lng: 139.48 + (i % 70) * 0.001 } : input, { origin: IMPORT, now }));
  }
  for (let round = 1; round < opts.editsPerItem; round++) {
    if (round === opts.editsPerItem - 1) onLastRound(doc);
    for (let i = 0; i < ids.length; i++) {
      doc.clientID = 1000 + ((i + round) % AUTHORS);
      const id = ids[i]!;
      const at = { origin: IMPORT, now: now + round * 1000 };
      if (round % 10 === 5) setItemText(doc, id, `課題 ${i}: 買い物に行けない高齢者が多い (${round})`, at);
      else if (round % 10 === 7) updateItem(doc, id, { column: COLUMNS[(i + round) % COLUMNS.length]! }, at);
      else updateItem(doc, id, { x: (i % 100) * 30 + round, y: Math.floor(i / 100) * 30 + round }, at);
    }
  }
  return { doc, ids };
}

function countStructs(doc: Y.Doc): number {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
}

function addWorkshop(store: SqliteStore, title: string): { id: string; token: string } {
  const id = newId(16);
  const token = `bench-${id}`;
  store.createWorkshop({ id, joinCode: String(100000 + Math.floor(Math.random() * 899999)), title, createdAt: Date.now() });
  store.addToken(hashToken(token), { workshopId: id, role: 'facilitator', name: '', kind: '', createdAt: Date.now() });
  return { id, token };
}

/** One open per shape: each costs seconds of CPU on this machine, and the bench has a time budget. */
async function timeOpen(store: SqliteStore, id: string): Promise<{ ms: number; cpuMs: number }> {
  const rooms = new RoomManager(store, withDefaults({ compactDebounceMs: 3_600_000, compactMaxWaitMs: 3_600_000 }));
  const t0 = performance.now();
  const c0 = cpuMs();
  const handle = await rooms.open(id);
  const result = { ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
  handle.release();
  for (const room of rooms.loadedRooms) {
    room.persistence.abandon(); // leave the stored shape as built
    room.destroy();
  }
  return result;
}

async function timeFirstSync(wsBase: string, id: string, token: string): Promise<{ ms: number; items: number }> {
  const t0 = performance.now();
  const client = connectBenchClient({ wsBase, room: id, token });
  await client.synced;
  const ms = performance.now() - t0;
  const items = itemsMap(client.doc).size;
  client.destroy();
  return { ms, items };
}

export async function runLoadTime(opts: LoadTimeOptions): Promise<LoadTimeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-load-'));
  try {
    const t0 = performance.now();
    let beforeLastRound: Uint8Array | null = null;
    const tail: Uint8Array[] = [];
    let recordTail: ((u: Uint8Array) => void) | null = null;
    const { doc } = buildDoc(opts, (d) => {
      beforeLastRound = Y.encodeStateAsUpdateV2(d);
      recordTail = (u) => tail.push(u);
      d.on('update', recordTail);
    });
    if (recordTail) doc.off('update', recordTail);
    const buildMs = performance.now() - t0;
    const snapshot = Y.encodeStateAsUpdateV2(doc);
    if (process.env.BENCH_SAVE_SNAPSHOT) fs.writeFileSync(process.env.BENCH_SAVE_SNAPSHOT, snapshot);
    const structs = countStructs(doc);
    if (readItems(doc).length !== opts.items) throw new Error('built document has the wrong number of items');
    doc.destroy();

    const store = new SqliteStore(dataDir);
    const a = addWorkshop(store, 'スナップショットのみ');
    store.compact(syncRoomName(a.id), snapshot, 0);
    const b = addWorkshop(store, 'スナップショット＋更新ログ');
    store.compact(syncRoomName(b.id), beforeLastRound!, 0);
    store.appendUpdates(syncRoomName(b.id), tail);

    const openSnapshot = await timeOpen(store, a.id);
    const openWithLog = await timeOpen(store, b.id);
    store.close();

    const server = await startChild('serverOurs.ts', { BENCH_DATA_DIR: dataDir });
    try {
      const wsBase = server.info.wsBase as string;
      const cpu0 = await server.call<number>('cpu');
      const first = await timeFirstSync(wsBase, a.id, a.token);
      const cpu1 = await server.call<number>('cpu');
      const memory = await server.call<{ rss: number }>('memory');
      return {
        opts,
        buildMs,
        snapshotBytes: snapshot.byteLength,
        structs,
        openSnapshotMs: openSnapshot.ms,
        openSnapshotCpuMs: openSnapshot.cpuMs,
        openWithLogMs: openWithLog.ms,
        firstSyncServerCpuMs: cpu1 - cpu0,
        serverRssLoaded: memory.rss,
        firstSyncSnapshotMs: first.ms,
        itemsSeen: first.items,
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
