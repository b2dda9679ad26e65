/**
 * The fan-out scenario behind issues 2 and 6: `rooms` rooms with `clientsPerRoom` real
 * y-websocket clients each (one writer in this process, the receivers in client-worker
 * processes), against either server running in its own process. Each writer moves its note
 * `updates` times at a fixed interval (open loop, rooms staggered); every receiver records the
 * latency of every move. Server memory is measured after full GCs: idle (workshops created,
 * no clients), base (each room's writer connected: the rooms are loaded and the code that
 * serves a connection has run once), connected (every client) and loaded (after the updates).
 * RSS per connection is (connected − base) / receivers: the marginal cost of one more phone,
 * without the per-room load or the one-time growth of code and heap space that the first
 * connection pays.
 */
import { initWorkshopDoc } from '@tsunagu/shared';
import { createWorkshop, joinWorkshop } from '../helpers/server.js';
import { connectBenchClient, makeWriter, type BenchClient } from './benchClient.js';
import { startChild, type BenchChild } from './childProcess.js';
import { summarize, type LatencySummary } from './stats.js';

export type ServerKind = 'ours' | 'reference';

export interface FanoutOptions {
  server: ServerKind;
  rooms: number;
  /** Connections per room, the writer included. */
  clientsPerRoom: number;
  updates: number;
  warmup: number;
  /** Interval between two updates of one room's writer (ms). */
  intervalMs: number;
  /** Client-worker processes holding the receivers. */
  workers: number;
}

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  peakRss: number;
}

export interface FanoutResult {
  opts: FanoutOptions;
  connections: number;
  latency: LatencySummary;
  /** Raw samples (ms), kept so rounds can be pooled. */
  samples: number[];
  expected: number;
  lost: number;
  idle: Memory;
  /** Every room's writer connected and synced (rooms loaded), no receivers yet. */
  base: Memory;
  /** All clients connected and synced, before any update (after full GCs). */
  connected: Memory;
  /** After the updates (after full GCs). */
  loaded: Memory;
  /** (connected − base) / receivers. */
  rssPerConnection: number;
  /** p99 and RSS per connection of each round when rounds were pooled (poolRounds). */
  roundP99: number[];
  roundRssPerConnection: number[];
  /** Server process CPU during the measured phase (% of one core). */
  serverCpu: number;
  /** Each client worker's CPU during the measured phase (% of one core). */
  clientCpu: number[];
  /** Worst client-worker event-loop delay p99 / max during the measured phase (ms). */
  clientLoop: { p99: number; max: number };
  durationMs: number;
  /** Updates the server applied / persisted per second during the measured phase. */
  appliedPerSec: number;
  persistedPerSec: number;
  pendingAfter: number;
  /** Server event-loop delay during the measured phase (ms). */
  serverLoop: { p99: number; max: number };
  /** Time the synchronous SQLite writes blocked the server during the measured phase (tsunagu only). */
  append: CallTimes | null;
  compact: CallTimes | null;
}

interface CallTimes {
  calls: number;
  totalMs: number;
  maxMs: number;
}

interface Stats {
  persisted: number;
  applied: number;
  pending: number;
  eventLoop: { p99: number; max: number };
  append?: CallTimes;
  compact?: CallTimes;
}

interface RoomSetup {
  room: string;
  writerToken?: string;
  receiverToken?: string;
}

async function setupRooms(server: BenchChild, kind: ServerKind, rooms: number): Promise<RoomSetup[]> {
  const out: RoomSetup[] = [];
  for (let i = 0; i < rooms; i++) {
    if (kind === 'reference') {
      out.push({ room: `bench-room-${i}` });
      continue;
    }
    const url = server.info.url as string;
    const w = await createWorkshop(url, `ベンチ ${i}`, '中央小学校区');
    const participant = await joinWorkshop(url, w.joinCode, `住民${i}`, 'jumin');
    out.push({ room: w.id, writerToken: w.facilitatorToken, receiverToken: participant });
  }
  return out;
}

function runUpdates(writers: { room: string; send(seq: number): void }[], fromSeq: number, count: number, intervalMs: number): Promise<number> {
  const start = performance.now();
  return Promise.all(
    writers.map(
      (w, i) =>
        new Promise<void>((resolve) => {
          const offset = (i * intervalMs) / writers.length;
          let k = 0;
          const tick = () => {
            w.send(fromSeq + k);
            k++;
            if (k >= count) return resolve();
            setTimeout(tick, Math.max(0, start + offset + k * intervalMs - performance.now()));
          };
          setTimeout(tick, offset);
        }),
    ),
  ).then(() => performance.now() - start);
}

async function waitPersisted(server: BenchChild, timeoutMs: number): Promise<Stats> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await server.call<Stats>('stats');
    if (s.pending === 0 || Date.now() > end) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function runFanout(opts: FanoutOptions): Promise<FanoutResult> {
  const server = await startChild(opts.server === 'ours' ? 'serverOurs.ts' : 'serverRef.ts');
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => startChild('clientWorker.ts')));
  const writers: BenchClient[] = [];
  try {
    const rooms = await setupRooms(server, opts.server, opts.rooms);
    const wsBase = server.info.wsBase as string;
    const idle = await server.call<Memory>('memory');

    for (const r of rooms) writers.push(connectBenchClient({ wsBase, room: r.room, token: r.writerToken }));
    await Promise.all(writers.map((w) => w.synced));
    if (opts.server === 'reference') {
      // the same document in both: ours starts every room as a workshop (lanes, categories,
      // meta; the creation route writes it), the reference would start empty, and every
      // receiver holds a copy of the room's document
      writers.forEach((w, i) => initWorkshopDoc(w.doc, { title: `ベンチ ${i}`, district: '中央小学校区' }, Date.now()));
      await new Promise((r) => setTimeout(r, 300));
    }
    const base = await server.call<Memory>('memory');
    const senders = writers.map((w, i) => ({ room: rooms[i]!.room, ...makeWriter(w) }));

    // Receivers: spread every room's receivers evenly over the workers.
    const receiversPerRoom = opts.clientsPerRoom - 1;
    await Promise.all(
      workers.map((worker, wi) => {
        const specs = rooms.map((r) => ({
          wsBase,
          room: r.room,
          token: r.receiverToken,
          count: Math.floor(receiversPerRoom / opts.workers) + (wi < receiversPerRoom % opts.workers ? 1 : 0),
        }));
        return worker.call('connect', { specs, timeoutMs: 90_000 }, 100_000);
      }),
    );

    const connected = await server.call<Memory>('memory');

    const lastSeq = (seq: number) => Object.fromEntries(rooms.map((r) => [r.room, seq]));
    if (opts.warmup > 0) {
      await runUpdates(senders, 1, opts.warmup, opts.intervalMs);
      await Promise.all(workers.map((w) => w.call('drain', { lastSeq: lastSeq(opts.warmup), timeoutMs: 10_000 })));
    }

    await Promise.all(workers.map((w) => w.call('arm')));
    await server.call('resetProbes');
    const before = await server.call<Stats>('stats');
    const cpuBefore = await server.call<number>('cpu');
    const durationMs = await runUpdates(senders, opts.warmup + 1, opts.updates, opts.intervalMs);
    await Promise.all(workers.map((w) => w.call('drain', { lastSeq: lastSeq(opts.warmup + opts.updates), timeoutMs: 15_000 }, 30_000)));
    const cpuAfter = await server.call<number>('cpu');
    const after = await waitPersisted(server, 5000);
    const collected = await Promise.all(workers.map((w) => w.call<{ latencies: number[]; arrivals: number; cpuPercent: number; loop: { p99: number; max: number } }>('collect')));
    const loaded = await server.call<Memory>('memory');

    const latencies = collected.flatMap((c) => c.latencies);
    const expected = opts.updates * receiversPerRoom * opts.rooms;
    const connections = opts.rooms * opts.clientsPerRoom;
    const seconds = durationMs / 1000;
    return {
      opts,
      connections,
      latency: summarize(latencies),
      samples: latencies,
      expected,
      lost: expected - latencies.length,
      idle,
      base,
      connected,
      loaded,
      rssPerConnection: (connected.rss - base.rss) / (connections - opts.rooms),
      roundP99: [],
      roundRssPerConnection: [],
      serverCpu: (100 * (cpuAfter - cpuBefore)) / durationMs,
      clientCpu: collected.map((c) => c.cpuPercent),
      clientLoop: { p99: Math.max(...collected.map((c) => c.loop.p99)), max: Math.max(...collected.map((c) => c.loop.max)) },
      durationMs,
      appliedPerSec: (after.applied - before.applied) / seconds,
      persistedPerSec: (after.persisted - before.persisted) / seconds,
      pendingAfter: after.pending,
      serverLoop: after.eventLoop,
      append: after.append ?? null,
      compact: after.compact ?? null,
    };
  } finally {
    for (const w of writers) w.destroy();
    await Promise.all(workers.map((w) => w.call('close').catch(() => null)));
    await Promise.all(workers.map((w) => w.stop()));
    await server.stop();
  }
}

/** Pool several rounds of the same scenario: latencies merged, counts summed, the rest averaged; per-round p99 kept. */
export function poolRounds(rounds: FanoutResult[]): FanoutResult {
  const first = rounds[0]!;
  const avg = (f: (r: FanoutResult) => number) => rounds.reduce((a, r) => a + f(r), 0) / rounds.length;
  const avgMem = (f: (r: FanoutResult) => Memory): Memory => ({
    rss: avg((r) => f(r).rss),
    heapUsed: avg((r) => f(r).heapUsed),
    heapTotal: avg((r) => f(r).heapTotal),
    external: avg((r) => f(r).external),
    peakRss: Math.max(...rounds.map((r) => f(r).peakRss)),
  });
  const samples = rounds.flatMap((r) => r.samples);
  return {
    ...first,
    latency: summarize(samples),
    samples,
    expected: rounds.reduce((a, r) => a + r.expected, 0),
    lost: rounds.reduce((a, r) => a + r.lost, 0),
    idle: avgMem((r) => r.idle),
    base: avgMem((r) => r.base),
    connected: avgMem((r) => r.connected),
    loaded: avgMem((r) => r.loaded),
    roundP99: rounds.map((r) => r.latency.p99),
    roundRssPerConnection: rounds.map((r) => r.rssPerConnection),
    rssPerConnection: avg((r) => r.rssPerConnection),
    serverCpu: avg((r) => r.serverCpu),
    clientCpu: first.clientCpu.map((_, i) => avg((r) => r.clientCpu[i] ?? 0)),
    clientLoop: { p99: Math.max(...rounds.map((r) => r.clientLoop.p99)), max: Math.max(...rounds.map((r) => r.clientLoop.max)) },
    durationMs: avg((r) => r.durationMs),
    appliedPerSec: avg((r) => r.appliedPerSec),
    persistedPerSec: avg((r) => r.persistedPerSec),
    pendingAfter: Math.max(...rounds.map((r) => r.pendingAfter)),
    serverLoop: { p99: Math.max(...rounds.map((r) => r.serverLoop.p99)), max: Math.max(...rounds.map((r) => r.serverLoop.max)) },
    append: sumTimes(rounds.map((r) => r.append)),
    compact: sumTimes(rounds.map((r) => r.compact)),
  };
}

function sumTimes(list: (CallTimes | null)[]): CallTimes | null {
  const present = list.filter((t): t is CallTimes => t !== null);
  if (present.length === 0) return null;
  return { calls: present.reduce((a, t) => a + t.calls, 0), totalMs: present.reduce((a, t) => a + t.totalMs, 0), maxMs: Math.max(...present.map((t) => t.maxMs)) };
}
