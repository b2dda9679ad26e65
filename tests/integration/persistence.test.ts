import { afterEach, describe, expect, test } from 'vitest';
import { addItem, itemsMap, readItems } from '@tsunagu/shared';
import { startChildServer, type ChildServer } from '../helpers/childServer.js';
import { connectClient, createWorkshop, joinWorkshop, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';

const clients: TestClient[] = [];
const children: ChildServer[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const c of children.splice(0)) c.proc.kill('SIGKILL');
});

describe('persistence', () => {
  test('SIGKILL while clients write: every update the server had >200 ms before the kill survives a restart', async () => {
    const dataDir = tmpDataDir('tsunagu-kill-');
    const first = await startChildServer(dataDir);
    children.push(first);
    const w = await createWorkshop(first.url);
    const writers = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const c = connectClient(first.url, w.id, await joinWorkshop(first.url, w.joinCode, `writer${i}`, 'jumin'));
        clients.push(c);
        await c.synced;
        return c;
      }),
    );
    // The observer sees an item only after the server applied (and queued for saving) it,
    // so its arrival time is an upper bound on when the server received it.
    const observer = connectClient(first.url, w.id, w.facilitatorToken);
    clients.push(observer);
    await observer.synced;
    const seenAt = new Map<string, number>();
    itemsMap(observer.doc).observe((ev) => {
      for (const key of ev.keysChanged) if (!seenAt.has(key)) seenAt.set(key, Date.now());
    });

    let n = 0;
    const writing = setInterval(() => {
      for (const wr of writers) addItem(wr.doc, { text: `書き込み ${n++}`, category: 'mimamori' });
    }, 5);
    await waitFor(observer.doc, () => seenAt.size >= 300, 20_000, '300 items seen');
    first.proc.kill('SIGKILL');
    const killedAt = Date.now();
    clearInterval(writing);
    await first.exited;
    for (const c of clients.splice(0)) c.destroy();

    const mustSurvive = [...seenAt].filter(([, t]) => t < killedAt - 200).map(([id]) => id);
    expect(mustSurvive.length).toBeGreaterThan(100);

    const second = await startChildServer(dataDir);
    children.push(second);
    const reader = connectClient(second.url, w.id, w.facilitatorToken);
    clients.push(reader);
    await reader.synced;
    const stored = new Set(readItems(reader.doc).map((i) => i.id));
    const lost = mustSurvive.filter((id) => !stored.has(id));
    expect(lost, `lost ${lost.length} of ${mustSurvive.length}`).toEqual([]);
    // and the restarted server takes new writes
    addItem(reader.doc, { text: '再起動後', category: 'ido' });
    const late = connectClient(second.url, w.id, w.staffToken);
    clients.push(late);
    await late.synced;
    await waitFor(late.doc, () => readItems(late.doc).some((i) => i.text === '再起動後'), 5000, 'post-restart write');
  });
});
