/**
 * Bench child for the city section (issue 14): the tsunagu server in its own process (its RSS
 * is its own), on a fresh SQLite directory, with rooms unloading 300 ms after their last
 * client (the product waits 30 s) so the city view is measured with every workshop's room
 * closed. Commands: memory, rooms (loaded room names), digestsStored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTsunaguServer } from '@tsunagu/server';
import { measureMemory, serveCommands } from './childProcess.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-city-'));
const server = await createTsunaguServer({
  config: {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir: process.env.BENCH_STATIC_DIR ?? '',
    ...(process.env.BENCH_TILE_URL ? { tileUrl: process.env.BENCH_TILE_URL } : {}),
    idleUnloadMs: 300,
    limits: { connectionsPerIp: 100_000, joinsPerMinute: 1_000_000, joinBurst: 1_000_000, workshopsPerHour: 1_000_000, workshopBurst: 1_000_000 } as never,
  },
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());

serveCommands(
  {
    memory: () => measureMemory(),
    rooms: () => server.rooms.loadedRooms.map((r) => r.name),
  },
  { url: server.url, dataDir },
);
