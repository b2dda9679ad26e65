/**
 * Issue 6: load time of a big workshop — 5,000 items × 100 edits each, built directly into a
 * SQLite store (no network), then loaded:
 *   - in process: `RoomManager.open` (store read + Yjs apply + migration), the server's part;
 *   - end to end: a fresh server process on that data directory and one real y-websocket
 *     client in a process of its own (as a newly opened tab: its own heap, not the bench's
 *     gigabyte of built history), timed from `new WebsocketProvider` to its first `sync`. The
 *     server answers that first client from the stored bytes while it loads the room
 *     (RoomManager.presync), so the client's apply and the server's load overlap.
 * The built history holds 1.45 M structs for 5,000 notes' worth of content. The server rewrites
 * such a history when the idle room unloads (shared/src/model/rewrite.ts), so a workshop is
 * normally reopened from the rewritten form; the bench makes the server do exactly that (open,
 * release, unload) and times both: the stored form as built (what a restart mid-workshop,
 * before any idle unload, loads) and the rewritten one, plus the rewritten one with a
 * 5,000-row update log behind it (a crash after more edits). It checks that the rewritten
 * workshop holds the same notes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import { Extensions, RoomManager, SqliteAsyncStore, SqliteStore, withDefaults } from '@tsunagu/server';
import { hashToken } from '../../server/src/auth/tokens.js';
import { IMPORT, addItem, countStructs, initWorkshopDoc, itemsMap, newId, readItems, setItemText, syncRoomName, updateItem } from '@tsunagu/shared';
import { contentDigest } from './benchClient.js';
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
  /** As built (before the server's idle rewrite): in-process open, wall and CPU ms; with a 5,000-row log. */
  rawOpenMs: number;
  rawOpenCpuMs: number;
  rawOpenWithLogMs: number;
  /** The server's unload that rewrote the history (ms), and the result's size. */
  rewriteMs: number;
  rewrittenBytes: number;
  rewrittenStructs: number;
  /** Rewritten: in-process open (wall and CPU), and with a 5,000-row log of later edits behind it. */
  openMs: number;
  openCpuMs: number;
  openWithLogMs: number;
  /** The server process's CPU time during the first sync (immune to other load on the machine). */
  firstSyncServerCpuMs: number;
  /** RSS of the server process holding the big room. */
  serverRssLoaded: number;
  /** Fresh server process on the rewritten workshop, first client sync (ms); what the client then had. */
  firstSyncMs: number;
  itemsSeen: number;
  /** The client's notes equal the built document's (text, column, category, position, votes…). */
  sameContent: boolean;
}

/** Build the document: every round, every item is edited once by one of 40 authors. */
export function buildDoc(opts: LoadTimeOptions, onLastRound: (doc: Y.Doc) => void): { doc: Y.Doc; ids: string[] } {
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

function addWorkshop(store: SqliteStore, title: string): { id: string; token: string } {
  const id = newId(16);
  const token = `bench-${id}`;
  store.createWorkshop({ id, joinCode: String(100000 + Math.floor(Math.random() * 899999)), title, createdAt: Date.now() });
  store.addToken(hashToken(token), { workshopId: id, role: 'facilitator', name: '', kind: '', createdAt: Date.now() });
  return { id, token };
}

/** The server's room manager, with no compaction timer firing during a measurement. */
const quietRooms = (store: SqliteStore): RoomManager => new RoomManager(new SqliteAsyncStore(store), withDefaults({ compactDebounceMs: 3_600_000, compactMaxWaitMs: 3_600_000 }), new Extensions());

/** One open per shape: each costs seconds of CPU on this machine, and the bench has a time budget. */
async function timeOpen(store: SqliteStore, id: string): Promise<{ ms: number; cpuMs: number }> {
  const rooms = quietRooms(store);
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

/** What the server does when an idle room unloads: here it rewrites the history. */
async function rewriteByUnload(store: SqliteStore, id: string): Promise<number> {
  const rooms = quietRooms(store);
  const handle = await rooms.open(id);
  handle.release();
  const t0 = performance.now();
  if (!(await rooms.tryUnload(syncRoomName(id)))) throw new Error('room did not unload');
  return performance.now() - t0;
}

/** A full collection of this process's heap (the bench runs without --expose-gc). */
function fullGc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** A fresh client process (a newly opened tab) opens the workshop: ms to its first sync, and what it got. */
async function timeFirstSync(wsBase: string, id: string, token: string, expected: string): Promise<{ ms: number; items: number; same: boolean }> {
  const client = await startChild('firstSyncClient.ts');
  try {
    const r = await client.call<{ ms: number; items: number; digest: string }>('sync', { wsBase, room: id, token }, 60_000);
    return { ms: r.ms, items: r.items, same: r.digest === expected };
  } finally {
    await client.stop();
  }
}

export async function runLoadTime(opts: LoadTimeOptions): Promise<LoadTimeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-load-'));
  try {
    const t0 = performance.now();
    let beforeLastRound: Uint8Array | null = null;
    const tail: Uint8Array[] = [];
    let recordTail: ((u: Uint8Array) => void) | null = null;
    const built = buildDoc(opts, (d) => {
      beforeLastRound = Y.encodeStateAsUpdateV2(d);
      recordTail = (u) => tail.push(u);
      d.on('update', recordTail);
    });
    if (recordTail) built.doc.off('update', recordTail);
    const buildMs = performance.now() - t0;
    const { ids } = built;
    let doc: Y.Doc | null = built.doc;
    const snapshot = Y.encodeStateAsUpdateV2(doc);
    if (process.env.BENCH_SAVE_SNAPSHOT) fs.writeFileSync(process.env.BENCH_SAVE_SNAPSHOT, snapshot);
    const structs = countStructs(doc);
    if (readItems(doc).length !== opts.items) throw new Error('built document has the wrong number of items');
    const expected = contentDigest(doc);
    doc.destroy();
    // drop the built history (about 1.5 GB of heap) now: a major collection of it in this
    // process during the timed first sync would take cores from the server and the client
    built.doc = null as unknown as Y.Doc;
    doc = null;

    const store = new SqliteStore(dataDir);
    const a = addWorkshop(store, 'スナップショットのみ');
    store.compact(syncRoomName(a.id), snapshot, 0);
    const b = addWorkshop(store, 'スナップショット＋更新ログ');
    store.compact(syncRoomName(b.id), beforeLastRound!, 0);
    store.appendUpdates(syncRoomName(b.id), tail);

    // as built: what a restart before any idle unload loads
    const raw = await timeOpen(store, a.id);
    const rawWithLog = await timeOpen(store, b.id);

    // the server unloads the idle room and rewrites its history
    const rewriteMs = await rewriteByUnload(store, a.id);
    const rewritten = store.loadDoc(syncRoomName(a.id)).snapshot!;
    const rewrittenDoc = new Y.Doc();
    Y.applyUpdateV2(rewrittenDoc, rewritten);
    const rewrittenStructs = countStructs(rewrittenDoc);
    // later edits after the rewrite, left in the log by a crash: one more move of every note
    const c = addWorkshop(store, '書き換え後＋更新ログ');
    store.compact(syncRoomName(c.id), rewritten, 0);
    const later: Uint8Array[] = [];
    rewrittenDoc.clientID = 777_777;
    rewrittenDoc.on('update', (u: Uint8Array) => later.push(u));
    for (const id of ids) updateItem(rewrittenDoc, id, { x: 1, y: 1 }, { origin: IMPORT });
    store.appendUpdates(syncRoomName(c.id), later);
    rewrittenDoc.destroy();

    const open = await timeOpen(store, a.id);
    const openWithLog = await timeOpen(store, c.id);
    store.close();

    fullGc();
    const server = await startChild('serverOurs.ts', { BENCH_DATA_DIR: dataDir });
    try {
      const wsBase = server.info.wsBase as string;
      const cpu0 = await server.call<number>('cpu');
      const first = await timeFirstSync(wsBase, a.id, a.token, expected);
      const cpu1 = await server.call<number>('cpu');
      const memory = await server.call<{ rss: number }>('memory');
      return {
        opts,
        buildMs,
        snapshotBytes: snapshot.byteLength,
        structs,
        rawOpenMs: raw.ms,
        rawOpenCpuMs: raw.cpuMs,
        rawOpenWithLogMs: rawWithLog.ms,
        rewriteMs,
        rewrittenBytes: rewritten.byteLength,
        rewrittenStructs,
        openMs: open.ms,
        openCpuMs: open.cpuMs,
        openWithLogMs: openWithLog.ms,
        firstSyncServerCpuMs: cpu1 - cpu0,
        serverRssLoaded: memory.rss,
        firstSyncMs: first.ms,
        itemsSeen: first.items,
        sameContent: first.same,
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
