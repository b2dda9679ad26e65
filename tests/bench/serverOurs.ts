/**
 * Bench child: the tsunagu server (createTsunaguServer, real SQLite in a temp dir) in its own
 * process so its RSS is its own. Limits that would refuse a benchmark's 500 loopback
 * connections from one IP are raised; everything else is the production configuration.
 * The browser benchmarks (board, map) have it serve the built client (`BENCH_STATIC_DIR`) and
 * a local tile server (`BENCH_TILE_URL`), so the page talks to a server process of its own, as
 * in the product, and not to one sharing the bench runner's heap and event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTsunaguServer } from '@tsunagu/server';
import { cpuMs, eventLoopProbe, measureMemory, serveCommands, timeCalls } from './childProcess.js';

const dataDir = process.env.BENCH_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-'));
const server = await createTsunaguServer({
  config: {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir: process.env.BENCH_STATIC_DIR ?? '',
    ...(process.env.BENCH_TILE_URL ? { tileUrl: process.env.BENCH_TILE_URL } : {}),
    limits: { connectionsPerIp: 100_000, joinsPerMinute: 1_000_000, joinBurst: 1_000_000, workshopsPerHour: 1_000_000, workshopBurst: 1_000_000 } as never,
    // Diagnostics only (not used by run.ts): try another update-log batch window.
    ...(process.env.BENCH_BATCH_MS ? { batchMs: Number(process.env.BENCH_BATCH_MS) } : {}),
  },
});

// Probes: event-loop stalls, and how long the synchronous SQLite writes block the loop.
const loop = eventLoopProbe();
const appendTimes = timeCalls(server.store, 'appendUpdates');
const appendManyTimes = timeCalls(server.store, 'appendMany');
const compactTimes = timeCalls(server.store, 'compact');

type Calls = { calls: number; totalMs: number; maxMs: number };
/** The write tick uses appendMany (all rooms in one transaction); a lone room uses appendUpdates. */
const sumCalls = (a: Calls, b: Calls): Calls => ({ calls: a.calls + b.calls, totalMs: a.totalMs + b.totalMs, maxMs: Math.max(a.maxMs, b.maxMs) });

function stats() {
  let persisted = 0;
  let applied = 0;
  let pending = 0;
  for (const room of server.rooms.loadedRooms) {
    persisted += room.persistence.persistedCount;
    pending += room.persistence.pendingCount;
    applied += room.updatesApplied;
  }
  return {
    persisted,
    applied,
    pending,
    rooms: server.rooms.loadedRooms.length,
    connections: server.ws.connectionCount,
    eventLoop: loop.read(),
    append: sumCalls(appendTimes.read(), appendManyTimes.read()),
    compact: compactTimes.read(),
  };
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  if (!process.env.BENCH_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());

serveCommands(
  {
    memory: () => measureMemory(),
    cpu: () => cpuMs(),
    stats: () => stats(),
    resetProbes: () => {
      loop.reset();
      appendTimes.reset();
      appendManyTimes.reset();
      compactTimes.reset();
      return null;
    },
  },
  { url: server.url, wsBase: server.url.replace(/^http/, 'ws') + '/sync', dataDir },
);
