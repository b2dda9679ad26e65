import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemsMap, readItems, CLOSE } from '@tsunagu/shared';
import { SqliteStore } from '@tsunagu/server';
import { startChildServer, type ChildServer } from '../helpers/childServer.js';
import { connectClient, createWorkshop, eventually, joinWorkshop, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';

const clients: TestClient[] = [];
const children: ChildServer[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
});

/** The public document as stored on disk (read with the server stopped). */
function storedItemIds(dataDir: string, workshopId: string): Set<string> {
  const store = new SqliteStore(dataDir);
  try {
    const stored = store.loadDoc(workshopId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    return new Set(readItems(doc).map((i) => i.id));
  } finally {
    store.close();
  }
}

describe('graceful shutdown', () => {
  test('SIGTERM with 20 connected, writing clients loses nothing; the clients reconnect and resync on restart', async () => {
    const dataDir = tmpDataDir();
    const first = await startChildServer(dataDir);
    children.push(first);
    const port = new URL(first.url).port;
    const w = await createWorkshop(first.url);
    const writers: TestClient[] = [];
    for (let i = 0; i < 20; i++) {
      writers.push(connectClient(first.url, w.id, await joinWorkshop(first.url, w.joinCode, `参加者${i}`, 'jumin')));
    }
    clients.push(...writers);
    const watcher = connectClient(first.url, w.id, w.viewerToken);
    clients.push(watcher);
    await Promise.all([...writers, watcher].map((c) => c.synced));
    const closeCodes: number[] = [];
    for (const c of writers) c.provider.on('connection-close', (ev) => ev && closeCodes.push(ev.code));

    // everybody writes, one note every ~100 ms each, before, during and after the shutdown
    let writing = true;
    const loops = writers.map(async (c, i) => {
      for (let n = 0; writing; n++) {
        addItem(c.doc, { text: `参加者${i}の意見${n}`, category: 'sonota' });
        await new Promise((r) => setTimeout(r, 80 + (i % 5) * 10));
      }
    });
    await waitFor(watcher.doc, () => itemsMap(watcher.doc).size >= 100, 15_000, '100 notes relayed');

    first.proc.kill("SIGTERM");
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    // every note the server relayed before it stopped is on disk
    const relayed = readItems(watcher.doc).map((i) => i.id);
    const onDisk = storedItemIds(dataDir, w.id);
    expect(relayed.filter((id) => !onDisk.has(id))).toEqual([]);
    await eventually(() => closeCodes.filter((c) => c === CLOSE.RESTARTING).length === 20, 5000, 'every client told 1012');

    // restart on the same address: the clients reconnect by themselves and push what they wrote meanwhile
    const second = await startChildServer(dataDir, { PORT: port });
    children.push(second);
    writing = false;
    await Promise.all(loops);
    const expected = new Set(writers.flatMap((c) => readItems(c.doc).map((i) => i.id)));
    const fresh = connectClient(second.url, w.id, w.facilitatorToken);
    clients.push(fresh);
    await fresh.synced;
    await waitFor(fresh.doc, () => itemsMap(fresh.doc).size === expected.size, 20_000, 'every note after restart');
    expect(new Set(readItems(fresh.doc).map((i) => i.id))).toEqual(expected);
    for (const c of writers) {
      await waitFor(c.doc, () => itemsMap(c.doc).size === expected.size, 20_000, 'writer resynced');
      expect(c.provider.wsconnected).toBe(true);
    }
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
