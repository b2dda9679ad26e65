import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '@tsunagu/server';
import { tmpDataDir } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WAL checkpoints on a worker thread', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('the server connection never checkpoints inside a commit, yet the data reaches the database file and the WAL stays bounded', async () => {
    const dir = tmpDataDir('tsunagu-wal-');
    dirs.push(dir);
    // a small rewind threshold, so the main connection's fallback is exercised too
    const store = new SqliteStore(dir, { checkpointIntervalMs: 25, walResetPages: 1000 });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const dbFile = store.file;
    const sizeBefore = fs.statSync(dbFile).size;
    const update = new Uint8Array(2000).fill(7);
    let maxWal = 0;
    // ~12 MB of update rows in write ticks, as the server's write scheduler makes them
    for (let tick = 0; tick < 300; tick++) {
      store.appendMany(Array.from({ length: 20 }, (_, r) => ({ docName: `room-${r}`, updates: [update] })));
      maxWal = Math.max(maxWal, fs.statSync(`${dbFile}-wal`).size);
      if (tick % 10 === 0) await sleep(30);
    }
    await sleep(150);
    // pages were copied into the database file by the worker (the main connection never checkpoints)
    expect(fs.statSync(dbFile).size).toBeGreaterThan(sizeBefore + 8_000_000);
    // and the WAL was rewound instead of holding all 12 MB
    expect(maxWal).toBeLessThan(8_000_000);
    store.close();
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);

    const reopened = new SqliteStore(dir, { backgroundCheckpoint: false });
    const rows = reopened.db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number };
    expect(rows.n).toBe(300 * 20);
    reopened.close();
  });
});
