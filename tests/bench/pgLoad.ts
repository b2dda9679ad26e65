/**
 * Issue 13: the big workshop (5,000 items × 100 edits, as issue 6's load bench builds it) stored
 * in PostgreSQL and in SQLite through the same store contract, then read back and applied to a
 * fresh Y.Doc — the store's part of opening a room (RoomManager.open adds the migration check
 * and the room). Three stored shapes: as built (a restart before any idle unload), rewritten
 * (the server's history rewrite at unload), and rewritten with a 5,000-row log of later edits
 * (a crash after more edits). PostgreSQL is a throwaway server (initdb/pg_ctl, as the tests).
 * Goal: the rewritten workshop loads from PostgreSQL in ≤ 1 s: read + apply is what
 * RoomPersistence.load does when the server (DATABASE_URL) opens the room; the migration check
 * and the first sync come on top (the load bench measures those on SQLite).
 */
import * as Y from 'yjs';
import { asAsyncStore, PgStore, SqliteStore, type AsyncStore } from '@tsunagu/server';
import { rewriteHistory, syncRoomName } from '@tsunagu/shared';
import { startPostgres } from '../helpers/postgres.js';
import { tmpDataDir } from '../helpers/server.js';
import { buildDoc, type LoadTimeOptions } from './loadTime.js';
import { mark, printTable } from './table.js';

const REPS = 3;

interface Shape {
  name: string;
  snapshot: Uint8Array;
  log: Uint8Array[];
}

async function store(kind: 'sqlite' | 'postgres'): Promise<{ s: AsyncStore; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const sqlite = new SqliteStore(tmpDataDir('tsunagu-bench-'), { backgroundCheckpoint: false });
    return { s: asAsyncStore(sqlite), close: async () => sqlite.close() };
  }
  const pg = await startPostgres();
  const s = await PgStore.open(pg.url);
  return {
    s,
    close: async () => {
      await s.close();
      await pg.stop();
    },
  };
}

/** Median of REPS loads: store read, and store read + Yjs apply. */
async function timeLoad(s: AsyncStore, docName: string): Promise<{ readMs: number; loadMs: number; items: number }> {
  const reads: number[] = [];
  const loads: number[] = [];
  let items = 0;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const stored = await s.loadDoc(docName);
    const t1 = performance.now();
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    });
    loads.push(performance.now() - t0);
    reads.push(t1 - t0);
    items = doc.getMap('items').size;
    doc.destroy();
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return { readMs: median(reads), loadMs: median(loads), items };
}

export async function runPgLoad(opts: LoadTimeOptions): Promise<boolean> {
  const t0 = performance.now();
  const { doc, ids } = buildDoc(opts, () => {});
  const raw = Y.encodeStateAsUpdateV2(doc);
  const fresh = rewriteHistory(doc, 0x7fff_0001)!;
  const rewritten = Y.encodeStateAsUpdateV2(fresh);
  // later edits after the rewrite: one more move of every note, one update each
  const later: Uint8Array[] = [];
  fresh.on('update', (u: Uint8Array) => later.push(u));
  fresh.clientID = 0x7fff_0002;
  const items = fresh.getMap('items');
  for (const id of ids) {
    const item = items.get(id);
    if (item instanceof Y.Map) item.set('x', Number(item.get('x') ?? 0) + 1);
  }
  const buildMs = performance.now() - t0;
  doc.destroy();
  fresh.destroy();
  const shapes: Shape[] = [
    { name: 'as built', snapshot: raw, log: [] },
    { name: 'rewritten', snapshot: rewritten, log: [] },
    { name: `rewritten + ${later.length}-row log`, snapshot: rewritten, log: later },
  ];
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const { s, close } = await store(kind);
    try {
      for (const [i, shape] of shapes.entries()) {
        const docName = syncRoomName(`bench-${i}`);
        const w0 = performance.now();
        await s.compact(docName, shape.snapshot, 0);
        for (let k = 0; k < shape.log.length; k += 500) await s.appendUpdates(docName, shape.log.slice(k, k + 500));
        const writeMs = performance.now() - w0;
        const t = await timeLoad(s, docName);
        const goal = kind === 'postgres' && shape.name === 'rewritten' ? t.loadMs <= 1000 : null;
        if (goal === false) ok = false;
        rows.push([kind, shape.name, (shape.snapshot.byteLength / 1e6).toFixed(1), writeMs.toFixed(0), t.readMs.toFixed(0), t.loadMs.toFixed(0), t.items, goal === null ? '' : '≤ 1000', mark(goal)]);
      }
    } finally {
      await close();
    }
  }
  printTable(
    `Issue 13 — the ${opts.items} × ${opts.editsPerItem} workshop from each store (build ${(buildMs / 1000).toFixed(1)} s; median of ${REPS})`,
    ['store', 'stored shape', 'snapshot MB', 'write ms', 'read ms', 'read+apply ms', 'items', 'goal', ''],
    rows,
  );
  return ok;
}
