import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop.
 *
 * SQLite's automatic checkpoint runs inside whichever commit pushes the WAL past 1,000 pages:
 * that commit copies the pages back into the database file and fsyncs it, on the thread that
 * committed. Measured here: with it, 2,000 small write ticks (12 rooms each) had a p99 of 23 ms
 * and a longest of 146 ms — every client's update waits behind such a tick. So the server's
 * connection turns automatic checkpoints off and this worker thread, with its own connection to
 * the same file, runs a PASSIVE checkpoint every `intervalMs` (it never blocks the writer; pages
 * a reader still needs are left for the next round). The final checkpoint happens on close, on
 * the main connection.
 *
 * A passive checkpoint cannot rewind the WAL while frames keep landing during the pass, which
 * under steady writes can go on for a while (the WAL is rewound by the first commit after a pass
 * that caught up, i.e. at the first pause). When the worker reports a WAL past `resetFrames`
 * (16,384 pages = 64 MB), the main connection runs one passive checkpoint itself right after a
 * commit: the worker has already copied and synced nearly every frame, so this costs about one
 * fsync of the last second's pages, and the next commit starts the WAL over. (With SQLite's own
 * threshold, 1,000 pages, the 500-connection bench still had write ticks of 36–130 ms on a busy
 * machine: the fallback checkpoint ran on the write path every few seconds.)
 *
 * The worker is plain JavaScript evaluated from a string so it runs the same from the sources
 * (tsx) and from the esbuild bundle; it loads the same better-sqlite3 the server uses.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const state = new Int32Array(workerData.state);
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg !== 'close') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  /** The last checkpoint error, if any (e.g. the disk turned read-only); the next round retries. */
  lastError: string | null = null;
  /** WAL frames at the worker's last pass. */
  private walFrames = 0;

  constructor(
    file: string,
    intervalMs = 1000,
    private readonly resetFrames = 16_384,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs, state: this.state.buffer } });
    this.worker.on('message', (msg: { error?: string; log?: number }) => {
      if (msg.error) this.lastError = msg.error;
      if (typeof msg.log === 'number') this.walFrames = msg.log;
    });
    this.worker.on('error', (err) => {
      this.lastError = err.message;
    });
    // never keeps the process alive on its own
    this.worker.unref();
  }

  /** After a commit on the main connection: rewind a WAL that has grown past `resetFrames`. */
  afterCommit(db: { pragma(sql: string): unknown }): void {
    if (this.closed || this.walFrames < this.resetFrames) return;
    this.walFrames = 0;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      this.lastError = (err as Error).message;
    }
  }

  /**
   * Stop checkpointing and close the worker's connection, synchronously (the store's close is
   * synchronous): waits at most 2 s for a checkpoint in progress, so the main connection that
   * closes next is the last one and leaves a fully checkpointed file.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage('close');
    Atomics.wait(this.state, 0, 0, 2000);
    void this.worker.terminate();
  }
}
