/**
 * Issue 13 — several instances (REDIS_URL) on one PostgreSQL and one Redis, each instance the
 * real product (`server/src/main.ts`) in its own process.
 *
 * 1. The issue-2 scenario split over two instances: one room, the writer on instance A, the
 *    receivers half on A and half on B. In the same run, the receivers on A measure the
 *    single-instance latency and those on B the cross-instance latency (through Redis).
 *    Goal: cross-instance p99 ≤ 1.5 × single-instance p99.
 * 2. Many rooms: `rooms` rooms × `perRoom` connections split over the two instances, one writer
 *    per room (alternating instance) moving its note once a second: p99 over every receiver,
 *    and each instance's RSS.
 *
 * 3. The peer a team would otherwise pick: Hocuspocus with its Redis extension
 *    (serverHocuspocus.ts), the same split room on two instances; ratio of the p99s printed.
 *
 * The clients live in this process (stock y-websocket clients): its event loop is shared by
 * all receivers, which inflates both sides of the ratio alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { startChildServer, type ChildServer } from '../helpers/childServer.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { createWorkshop, tmpDataDir } from '../helpers/server.js';
import { connectBenchClient, makeWriter, watchArrivals, type BenchClient } from './benchClient.js';
import { mib, ms, ratio, summarize } from './stats.js';
import { mark, printTable, type Cell } from './table.js';

export interface ClusterOptions {
  /** Receivers of the split issue-2 room (half per instance). */
  receivers: number;
  updates: number;
  intervalMs: number;
  rooms: number;
  perRoom: number;
  /** Updates per writer in the many-rooms part (one a second). */
  manyUpdates: number;
}

export const CROSS_P99_RATIO_GOAL = 1.5;

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const wsOf = (url: string) => url.replace(/^http/, 'ws') + '/sync';

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Every client synced, bounded: a client that never syncs fails the section instead of hanging the bench. */
async function connectAll(clients: BenchClient[], timeoutMs = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('clients did not sync')), timeoutMs)));
  try {
    await Promise.race([Promise.all(clients.map((c) => c.synced)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runCluster(opts: ClusterOptions): Promise<boolean> {
  let pg: TestPostgres | null = null;
  let redis: TestRedis | null = null;
  const servers: ChildServer[] = [];
  const clients: BenchClient[] = [];
  const hocusChildren: ChildProcess[] = [];
  try {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    // every client of the bench comes from 127.0.0.1: lift the per-address caps (limits are per instance)
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, LIMIT_CONNECTIONS_PER_IP: '5000', LIMIT_WORKSHOP_BURST: '1000', LIMIT_WORKSHOPS_PER_HOUR: '100000' };
    servers.push(...(await Promise.all([startChildServer(tmpDataDir('tsunagu-bench-a-'), env), startChildServer(tmpDataDir('tsunagu-bench-b-'), env)])));
    const [a, b] = servers as [ChildServer, ChildServer];

    // 1) issue 2, split
    const w = await createWorkshop(a.url, 'ベンチ 二つのインスタンス');
    const { same, cross, expectedEach } = await splitRoom(opts, (onB) => connectBenchClient({ wsBase: wsOf(onB ? b.url : a.url), room: w.id, token: w.facilitatorToken }), clients);
    const s = summarize(same);
    const x = summarize(cross);
    const lost = 2 * expectedEach - same.length - cross.length;
    const crossOk = x.p99 <= CROSS_P99_RATIO_GOAL * s.p99 && lost === 0;
    const rows: Cell[][] = [
      ['latency p50', ms(s.p50), ms(x.p50), ratio(x.p50, s.p50), '', '—'],
      ['latency p99', ms(s.p99), ms(x.p99), ratio(x.p99, s.p99), `≤ ${CROSS_P99_RATIO_GOAL}×`, mark(crossOk)],
      ['latency max', ms(s.max), ms(x.max), ratio(x.max, s.max), '', '—'],
      ['updates lost', `${expectedEach - same.length} of ${expectedEach}`, `${expectedEach - cross.length} of ${expectedEach}`, '', '0', mark(lost === 0)],
    ];
    printTable(
      `Issue 13 — issue-2 room split over two instances (writer on A at ${Math.round(1000 / opts.intervalMs)} updates/s, ${opts.updates} updates, ${opts.receivers} receivers: half on A, half on B)`,
      ['metric', 'receivers on A (single instance)', 'receivers on B (through Redis)', 'ratio', 'goal', 'result'],
      rows,
    );
    for (const c of clients.splice(0)) c.destroy();

    // 3) Hocuspocus + its Redis extension, the same split room
    let hocusOk: boolean | null = null;
    try {
      const hocus = await Promise.all([startHocuspocus(redis.port), startHocuspocus(redis.port)]);
      hocusChildren.push(...hocus.map((h) => h.proc));
      const room = `bench-${Date.now()}`;
      const h = await splitRoom(opts, (onB) => connectHocuspocus(`ws://127.0.0.1:${hocus[onB ? 1 : 0]!.port}`, room), clients);
      const hs = summarize(h.same);
      const hx = summarize(h.cross);
      hocusOk = x.p99 <= hx.p99;
      printTable(
        `Issue 13 — the same split room on Hocuspocus 3.4.4 + @hocuspocus/extension-redis (two instances, one Redis; its own provider as client)`,
        ['metric', 'tsunagu (through Redis)', 'Hocuspocus (through Redis)', 'ratio tsunagu / Hocuspocus', 'Hocuspocus same-instance'],
        [
          ['latency p50', ms(x.p50), ms(hx.p50), ratio(x.p50, hx.p50), ms(hs.p50)],
          ['latency p99', ms(x.p99), ms(hx.p99), ratio(x.p99, hx.p99), ms(hs.p99)],
          ['latency max', ms(x.max), ms(hx.max), ratio(x.max, hx.max), ms(hs.max)],
          ['updates lost', `${expectedEach - cross.length} of ${expectedEach}`, `${h.expectedEach - h.cross.length} of ${h.expectedEach}`, '', `${h.expectedEach - h.same.length} of ${h.expectedEach}`],
        ],
      );
    } catch (err) {
      console.log(`Hocuspocus comparison did not run: ${(err as Error).message}`);
    }
    for (const c of clients.splice(0)) c.destroy();
    for (const p of hocusChildren.splice(0)) p.kill('SIGTERM');
    void hocusOk;

    // 2) many rooms over both instances
    const rssIdle = servers.map((sv) => rssOf(sv.proc.pid!));
    const workshops = [];
    for (let r = 0; r < opts.rooms; r++) workshops.push(await createWorkshop((r % 2 ? b : a).url, `ベンチ ${r}`));
    const latencies: number[] = [];
    let counting = false;
    const writers: { send(seq: number): void }[] = [];
    for (const [r, ws] of workshops.entries()) {
      const wc = connectBenchClient({ wsBase: wsOf((r % 2 ? b : a).url), room: ws.id, token: ws.facilitatorToken });
      clients.push(wc);
      await connectAll([wc]);
      writers.push(makeWriter(wc));
      const rc: BenchClient[] = [];
      for (let i = 1; i < opts.perRoom; i++) {
        const c = connectBenchClient({ wsBase: wsOf((i % 2 ? b : a).url), room: ws.id, token: ws.viewerToken });
        watchArrivals(c.doc, (_seq, latency) => counting && latencies.push(latency));
        rc.push(c);
      }
      clients.push(...rc);
      await connectAll(rc);
    }
    const rssConnected = servers.map((sv) => rssOf(sv.proc.pid!));
    counting = true;
    const stagger = 1000 / workshops.length;
    const t0 = Date.now();
    for (let u = 1; u <= opts.manyUpdates; u++) {
      for (const [r, wr] of writers.entries()) {
        const due = t0 + (u - 1) * 1000 + r * stagger;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        wr.send(100 + u);
      }
    }
    const expected = opts.manyUpdates * workshops.length * (opts.perRoom - 1);
    const end2 = Date.now() + 15_000;
    while (latencies.length < expected && Date.now() < end2) await sleep(100);
    counting = false;
    const m = summarize(latencies);
    const rssLoaded = servers.map((sv) => rssOf(sv.proc.pid!));
    printTable(
      `Issue 13 — ${workshops.length * opts.perRoom} connections over ${workshops.length} rooms on two instances (each room's clients split over both; one writer per room, 1 update/s, ${opts.manyUpdates} each)`,
      ['metric', 'instance A', 'instance B', 'both'],
      [
        ['RSS idle → all connected → after updates', `${mib(rssIdle[0]!)} → ${mib(rssConnected[0]!)} → ${mib(rssLoaded[0]!)}`, `${mib(rssIdle[1]!)} → ${mib(rssConnected[1]!)} → ${mib(rssLoaded[1]!)}`, ''],
        ['latency p50 / p99 / max', '', '', `${ms(m.p50)} / ${ms(m.p99)} / ${ms(m.max)}`],
        ['updates received (of expected)', '', '', `${latencies.length} of ${expected}`],
      ],
    );
    return crossOk;
  } finally {
    for (const c of clients) c.destroy();
    for (const p of hocusChildren) p.kill('SIGTERM');
    for (const sv of servers) {
      if (sv.proc.exitCode === null && sv.proc.signalCode === null) {
        sv.proc.kill('SIGTERM');
        await sv.exited;
      }
    }
    await Promise.all([redis?.stop(), pg?.stop()]);
  }
}

/**
 * One room, the writer on instance A, receivers alternating A and B; `connect(onB)` opens a
 * client on B (true) or A (false). Returns the latencies of the receivers on A (same) and on B (cross).
 */
async function splitRoom(opts: ClusterOptions, connect: (onB: boolean) => BenchClient, clients: BenchClient[]): Promise<{ same: number[]; cross: number[]; expectedEach: number }> {
  const writerClient = connect(false);
  clients.push(writerClient);
  await connectAll([writerClient]);
  const same: number[] = [];
  const cross: number[] = [];
  const receivers = Array.from({ length: opts.receivers }, (_, i) => {
    const onB = i % 2 === 1;
    const c = connect(onB);
    clients.push(c);
    return { c, onB };
  });
  await connectAll(receivers.map((r) => r.c));
  // the bench note is created once everyone is connected, so its creation travels like every
  // other update (Hocuspocus without persistence has no other way to give B the note)
  const writer = makeWriter(writerClient);
  const warmup = 20;
  let measuring = false;
  for (const r of receivers) watchArrivals(r.c.doc, (_seq, latency) => measuring && (r.onB ? cross : same).push(latency));
  for (let seq = 1; seq <= warmup; seq++) {
    writer.send(seq);
    await sleep(opts.intervalMs);
  }
  await sleep(500);
  measuring = true;
  for (let seq = warmup + 1; seq <= warmup + opts.updates; seq++) {
    writer.send(seq);
    await sleep(opts.intervalMs);
  }
  const expectedEach = opts.updates * (opts.receivers / 2);
  const end = Date.now() + 10_000;
  while ((same.length < expectedEach || cross.length < expectedEach) && Date.now() < end) await sleep(50);
  measuring = false;
  return { same, cross, expectedEach };
}

function startHocuspocus(redisPort: number): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'serverHocuspocus.ts')], {
    env: { ...process.env, REDIS_PORT: String(redisPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Hocuspocus did not start: ${out}`)), 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /hocuspocus listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    proc.once('exit', (code) => reject(new Error(`Hocuspocus exited ${code}: ${out}`)));
  });
}

/** A Hocuspocus provider (its own websocket) shaped like a bench client. */
function connectHocuspocus(url: string, name: string): BenchClient {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name, document: doc });
  provider.attach(); // a provider given its websocket attaches explicitly
  const synced = new Promise<void>((resolve) => {
    if (provider.isSynced) resolve();
    else provider.on('synced', () => resolve());
  });
  return {
    doc,
    provider: provider as unknown as BenchClient['provider'],
    synced,
    destroy: () => {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}
