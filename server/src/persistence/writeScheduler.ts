/**
 * One write tick for all rooms. Without it each busy room commits its own SQLite transaction
 * per batch window; with 25 busy rooms those commits (each blocking the event loop) add up to
 * the latency every client sees. The scheduler takes every room's pending updates and appends
 * them in one transaction per window. Rooms drop their updates only after that commit
 * succeeded; if it fails, each room flushes on its own, so healthy rooms still write and a
 * failing one records the failure, keeps its updates in memory and retries.
 */
import type { Store } from '../store/store.js';

export interface Batchable {
  readonly docName: string;
  /** The updates not yet written (the same array until written() is called). */
  pendingBatch(): readonly Uint8Array[];
  /** The first `count` pending updates are committed, the last with sequence `lastSeq`. */
  written(count: number, lastSeq: number): void;
  /** Write on its own; throws after recording a failure (it then retries by itself). */
  flush(): void;
}

export class WriteScheduler {
  private readonly due = new Set<Batchable>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly batchMs: number,
  ) {}

  /** Ask for `p` to be written in the next tick (at most `batchMs` from now). */
  schedule(p: Batchable): void {
    this.due.add(p);
    if (!this.timer) this.timer = setTimeout(() => this.tick(), this.batchMs);
  }

  tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const work = Array.from(this.due)
      .map((p) => ({ p, batch: p.pendingBatch() }))
      .filter((w) => w.batch.length > 0);
    this.due.clear();
    if (work.length === 0) return;
    let seqs: number[];
    try {
      seqs = this.store.appendMany(work.map((w) => ({ docName: w.p.docName, updates: w.batch })));
    } catch {
      for (const w of work) {
        try {
          w.p.flush();
        } catch {
          // recorded by the room, which keeps its updates and retries
        }
      }
      return;
    }
    work.forEach((w, i) => w.p.written(w.batch.length, seqs[i]!));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due.clear();
  }
}
