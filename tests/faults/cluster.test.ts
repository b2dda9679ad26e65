import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { addItem, itemsMap, MESSAGE_AUTH, parseNotice, syncRoomName, type Notice } from '@tsunagu/shared';
import { createTsunaguServer, PgStore, RedisRelay, type TsunaguServer } from '@tsunagu/server';
import { startChildServer, type ChildServer } from '../helpers/childServer.js';
import { hasPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { hasRedis, startRedis, type TestRedis } from '../helpers/redis.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';
import { faultSeed, seededRandom, sleep } from './random.js';

/**
 * Faults with several instances (PostgreSQL + Redis):
 * - SIGKILL of one of two instances (child processes) under 20 writing clients, split across
 *   both: every note an observer on the surviving instance saw ≥ ACK_AGE_MS before the kill is
 *   in the database (the fault suite's rule, see sigkill.test.ts); the killed instance's
 *   clients reconnect to the other one and everything converges.
 * - PostgreSQL stopped (SIGSTOP of all its processes) for 10 s under writes: the instances keep
 *   relaying, the clients are told that saving fails, and after SIGCONT everything is stored.
 */
const ACK_AGE_MS = 200;
const WRITERS = 20;
const available = hasPostgres() && hasRedis();

const clients: TestClient[] = [];
const children: ChildServer[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
});

/** Every note id stored for a room, read by a fresh connection to the database. */
async function storedIds(url: string, room: string): Promise<Set<string>> {
  const store = await PgStore.open(url, { max: 1 });
  try {
    const stored = await store.loadDoc(room);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    return new Set(itemsMap(doc).keys());
  } finally {
    await store.close();
  }
}

/** The postmaster and its children (backends, writer …): stopping only the postmaster leaves open connections working. */
function postgresPids(pg: TestPostgres): number[] {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pg.pid())], { encoding: 'utf8' })
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  return [pg.pid(), ...children];
}

describe.skipIf(!available)('fault: several instances', () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), pg?.stop()]);
  });

  test('SIGKILL of one instance under 20 writers: no acknowledged note lost; its clients move to the other and converge', { timeout: 90_000 }, async () => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    console.log(`[faults] cluster sigkill seed=${seed} (replay with FAULT_SEED=${seed})`);
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url };
    const [a, b] = await Promise.all([startChildServer(tmpDataDir(), env), startChildServer(tmpDataDir(), env)]);
    children.push(a, b);
    const w = await createWorkshop(a.url, 'インスタンス停止');
    const tokens = await Promise.all(Array.from({ length: WRITERS }, (_, i) => joinWorkshop(i % 2 ? b.url : a.url, w.joinCode, `参加者${i}`)));

    // the observer is on the instance that survives: it sees A's notes only through Redis
    const seenAt = new Map<string, number>();
    const observer = connectClient(b.url, w.id, w.viewerToken);
    clients.push(observer);
    await observer.synced;
    itemsMap(observer.doc).observe((ev) => {
      const now = Date.now();
      for (const k of ev.keysChanged) if (!seenAt.has(k)) seenAt.set(k, now);
    });
    const writers = tokens.map((t, i) => connectClient(i % 2 ? b.url : a.url, w.id, t));
    clients.push(...writers);
    await Promise.all(writers.map((c) => c.synced));
    let writing = true;
    const loops = writers.map(async (c, i) => {
      for (let n = 0; writing; n++) {
        addItem(c.doc, { text: `参加者${i} 意見${n}`, category: 'sonota' });
        await sleep(40 + Math.floor(random() * 80));
      }
    });
    await waitFor(observer.doc, () => seenAt.size >= 40, 15_000, 'load running');
    await sleep(ACK_AGE_MS + 100 + Math.floor(random() * 1000));
    const killAt = Date.now();
    a.proc.kill('SIGKILL');
    await a.exited;
    writing = false;
    await Promise.all(loops);

    // 1) the database holds every acknowledged note (read before A's clients come back)
    const acked = [...seenAt].filter(([, at]) => at <= killAt - ACK_AGE_MS).map(([id]) => id);
    const stored = await storedIds(pg.url, syncRoomName(w.id));
    expect(acked.length).toBeGreaterThan(20);
    expect(acked.filter((id) => !stored.has(id)), `acknowledged notes lost (seed ${seed})`).toEqual([]);

    // 2) A's writers reconnect to B with what they hold (the load balancer's job: any instance
    // accepts any client) and everything converges
    const moved = writers.map((c, i) => {
      if (i % 2) return c;
      const doc = c.doc;
      c.provider.destroy();
      const again = connectClient(b.url, w.id, tokens[i]!, { doc });
      clients.push(again);
      return again;
    });
    await Promise.all(moved.map((c) => c.synced));
    const all = new Set<string>();
    for (const c of moved) for (const id of itemsMap(c.doc).keys()) all.add(id);
    await waitFor(observer.doc, () => [...all].every((id) => itemsMap(observer.doc).has(id)), 15_000, 'observer has every note');
    for (const c of moved) await waitFor(c.doc, () => itemsMap(c.doc).size === itemsMap(observer.doc).size, 15_000, 'writers converge');
    // and B stores what the moved clients brought back
    await eventually(async () => {
      const now = await storedIds(pg.url, syncRoomName(w.id));
      return [...all].every((id) => now.has(id));
    }, 15_000, 'everything stored');
    console.log(`[faults] cluster sigkill: ${acked.length} acknowledged notes survived; ${seenAt.size - acked.length} younger than ${ACK_AGE_MS} ms at the kill; ${all.size} notes converged`);
    b.proc.kill('SIGTERM');
    await b.exited;
  });

  test('PostgreSQL stopped for 10 s: edits keep flowing between instances, clients are told, nothing is lost', { timeout: 90_000 }, async () => {
    const servers: { server: TsunaguServer; store: PgStore; relay: RedisRelay }[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const store = await PgStore.open(pg.url, { max: 4, queryTimeoutMs: 1500 });
        const relay = await RedisRelay.connect(redis.url);
        const server = await createTsunaguServer({ config: { port: 0, host: '127.0.0.1', dataDir: tmpDataDir() }, store, relay });
        servers.push({ server, store, relay });
      }
      const [a, b] = servers.map((s) => s.server) as [TsunaguServer, TsunaguServer];
      const w = await createWorkshop(a.url, 'データベース停止');
      const onA = connectClient(a.url, w.id, w.facilitatorToken);
      const onB = connectClient(b.url, w.id, w.staffToken);
      clients.push(onA, onB);
      await Promise.all([onA.synced, onB.synced]);
      const notices: Notice[] = [];
      for (const c of [onA, onB]) {
        c.provider.messageHandlers[MESSAGE_AUTH] = (_e, decoder) => {
          decoding.readVarUint(decoder);
          const n = parseNotice(decoding.readVarString(decoder));
          if (n) notices.push(n);
        };
      }

      const pids = postgresPids(pg);
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      const stoppedAt = Date.now();
      const during: string[] = [];
      try {
        expect(await fetch(`${a.url}/healthz`).then((r) => r.status)).toBe(503);
        while (Date.now() - stoppedAt < 10_000) {
          during.push(addItem(during.length % 2 ? onA.doc : onB.doc, { text: `停止中の意見${during.length}`, category: 'sonota' }));
          await sleep(200);
        }
        // the instances still relay to each other through Redis
        await waitFor(onA.doc, () => during.every((id) => itemsMap(onA.doc).has(id)), 5000, 'relayed while the database is down');
        await waitFor(onB.doc, () => during.every((id) => itemsMap(onB.doc).has(id)), 5000, 'relayed while the database is down');
        expect(servers.some((s) => s.server.rooms.loadedRooms.some((r) => r.persistence.failures > 0))).toBe(true);
        await eventually(() => notices.some((n) => n.notice === 'save-failed'), 5000, 'clients told that saving fails');
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
      }
      await eventually(async () => (await storedIds(pg.url, syncRoomName(w.id))).size >= during.length, 30_000, 'stored after the database returned');
      const stored = await storedIds(pg.url, syncRoomName(w.id));
      expect(during.filter((id) => !stored.has(id))).toEqual([]);
      expect(await fetch(`${a.url}/healthz`).then((r) => r.status)).toBe(200);
      console.log(`[faults] cluster postgres stop: ${during.length} notes written during 10 s without the database, all stored after; notices seen: ${notices.length}`);
    } finally {
      for (const s of servers) {
        await s.server.close();
        await s.relay.close();
        await s.store.close();
      }
    }
  });
});
