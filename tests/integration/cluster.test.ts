import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemsMap, syncRoomName } from '@tsunagu/shared';
import { createTsunaguServer, PgStore, RedisRelay, type TsunaguServer } from '@tsunagu/server';
import { hasPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { hasRedis, startRedis, type TestRedis } from '../helpers/redis.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';

/**
 * Two instances of the server, one PostgreSQL and one Redis (REDIS_URL mode), in this process:
 * stock y-websocket clients split across them see each other's notes and presence; /healthz
 * follows Redis; a Redis outage loses nothing (instances ask each other again on its return);
 * compaction by either instance keeps every row the other one wrote.
 */
const available = hasPostgres() && hasRedis();

interface Instance {
  server: TsunaguServer;
  store: PgStore;
  relay: RedisRelay;
}

async function startInstance(pgUrl: string, redisUrl: string, config: Record<string, unknown> = {}): Promise<Instance> {
  const store = await PgStore.open(pgUrl, { max: 4 });
  const relay = await RedisRelay.connect(redisUrl, { lockTtlMs: 3000, lockWaitMs: 3000 });
  const server = await createTsunaguServer({ config: { port: 0, host: '127.0.0.1', dataDir: tmpDataDir(), ...config }, store, relay });
  return { server, store, relay };
}

async function stopInstance(i: Instance): Promise<void> {
  await i.server.close();
  await i.relay.close();
  await i.store.close();
}

const healthz = async (url: string): Promise<number> => (await fetch(`${url}/healthz`)).status;

describe.skipIf(!available)('several instances: PostgreSQL + Redis', () => {
  let pg: TestPostgres;
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    // short compaction timers so that both instances compact during the test
    const config = { compactDebounceMs: 50, compactMaxWaitMs: 200 };
    a = await startInstance(pg.url, redis.url, config);
    b = await startInstance(pg.url, redis.url, config);
  }, 60_000);

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const i of [a, b]) if (i) await stopInstance(i);
    await Promise.all([redis?.stop(), pg?.stop()]);
  });

  it('a note written on one instance reaches a client of the other, and back; presence crosses', async () => {
    expect(await healthz(a.server.url)).toBe(200);
    const w = await createWorkshop(a.server.url, '二つのインスタンス');
    const token = await joinWorkshop(b.server.url, w.joinCode, 'たろう');
    const onA = connectClient(a.server.url, w.id, w.facilitatorToken);
    const onB = connectClient(b.server.url, w.id, token);
    clients.push(onA, onB);
    await Promise.all([onA.synced, onB.synced]);

    const fromA = addItem(onA.doc, { text: '買い物が不便', category: 'ido' });
    await waitFor(onB.doc, () => itemsMap(onB.doc).has(fromA), 5000, 'note from A on B');
    const fromB = addItem(onB.doc, { text: '見守りの輪', category: 'mimamori' });
    await waitFor(onA.doc, () => itemsMap(onA.doc).has(fromB), 5000, 'note from B on A');

    onA.provider.awareness.setLocalStateField('user', { name: 'ファシリテーター', color: '#c00' });
    await eventually(() => (onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'ファシリテーター', 5000, 'presence A → B');
    onB.provider.awareness.setLocalStateField('user', { name: 'たろう', color: '#00c' });
    await eventually(() => (onA.provider.awareness.getStates().get(onB.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'たろう', 5000, 'presence B → A');

    // relayed updates are stored once, by the instance their writer is connected to, and
    // never published again: the message counts stay bounded
    const before = a.relay.received + b.relay.received;
    for (let i = 0; i < 20; i++) addItem(i % 2 ? onA.doc : onB.doc, { text: `付箋 ${i}`, category: 'sonota' });
    await eventually(() => itemsMap(onA.doc).size === itemsMap(onB.doc).size && itemsMap(onA.doc).size >= 22, 5000, 'both converge');
    await eventually(() => a.relay.received + b.relay.received - before >= 20, 5000, 'relayed');
    expect(a.relay.received + b.relay.received - before).toBeLessThan(60);

    // compaction on both instances (each under the room's lock) keeps every row: a third
    // reader of the store sees everything
    await eventually(async () => {
      const stored = await a.store.loadDoc(syncRoomName(w.id));
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      return [...itemsMap(onA.doc).keys()].every((id) => itemsMap(doc).has(id));
    }, 10_000, 'everything stored');
  });

  it('Redis lost: /healthz answers 503; notes written meanwhile reach the other instance once Redis is back', async () => {
    const w = await createWorkshop(a.server.url, 'Redis 再起動');
    const onA = connectClient(a.server.url, w.id, w.facilitatorToken);
    const onB = connectClient(b.server.url, w.id, w.staffToken);
    clients.push(onA, onB);
    await Promise.all([onA.synced, onB.synced]);
    const first = addItem(onA.doc, { text: '前', category: 'ido' });
    await waitFor(onB.doc, () => itemsMap(onB.doc).has(first), 5000, 'first note');

    await redis.kill();
    await eventually(async () => (await healthz(a.server.url)) === 503 && (await healthz(b.server.url)) === 503, 5000, '503 while Redis is away');
    const duringA = addItem(onA.doc, { text: 'Redis がない間 A', category: 'ido' });
    const duringB = addItem(onB.doc, { text: 'Redis がない間 B', category: 'bosai' });
    await redis.start();
    await eventually(async () => (await healthz(a.server.url)) === 200 && (await healthz(b.server.url)) === 200, 10_000, '200 again');
    await waitFor(onB.doc, () => itemsMap(onB.doc).has(duringA), 10_000, 'A’s note on B after Redis returned');
    await waitFor(onA.doc, () => itemsMap(onA.doc).has(duringB), 10_000, 'B’s note on A after Redis returned');
    const after = addItem(onB.doc, { text: '後', category: 'sonota' });
    await waitFor(onA.doc, () => itemsMap(onA.doc).has(after), 5000, 'relay works again');
  });
});
