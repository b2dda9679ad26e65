/**
 * One write tick for all rooms. Without it each busy room commits its own SQLite transaction
 * per batch window; with 25 busy rooms those commits (each blocking the event loop) add up to
 * the latency every client sees. The scheduler takes every room's pending updates and appends
 * them in one transaction per window. Rooms drop their updates only after that commit
 * succeeded; if it fails, each room flushes on its own, so healthy rooms still write and a
 * failing one records the failure, keeps its updates in memory and retries.
 *
 * Compactions go through it too, one at a time with a gap between them: rooms that got busy
 * together reach their compaction deadline together, and 25 snapshots encoded and written in
 * one go blocked the event loop for ~170 ms (measured in the 500-connection bench).
 */
import type { AsyncStore } from '../store/asyncStore.js';
import type { Mutex } from './mutex.js';

export interface Batchable {
  readonly docName: string;
  /** Held while one of the document's store operations is in flight. */
  readonly mutex: Mutex;
  /** The updates not yet written (a copy: more may arrive during the write). */
  pendingBatch(): readonly Uint8Array[];
  /** The first `count` pending updates are committed, the last with sequence `lastSeq`. */
  written(count: number, lastSeq: number): void;
  /** Write on its own; rejects after recording a failure (it then retries by itself). */
  flush(): Promise<void>;
  /** Compact now if still needed (a queued compaction; never rejects). */
  compactQueued(): Promise<void>;
}

export class WriteScheduler {
  private readonly due = new Set<Batchable>();
  private timer: NodeJS.Timeout | null = null;
  private readonly compactions = new Set<Batchable>();
  private compactTimer: NodeJS.Timeout | null = null;
  private lastCompactionEnd = -Infinity;
  private compacting = false;
  private stopped = false;

  constructor(
    private readonly store: AsyncStore,
    private readonly batchMs: number,
    private readonly compactGapMs = 20,
  ) {}

  /** Queue a compaction of `p`; queued compactions run one per `compactGapMs`, oldest first. */
  requestCompaction(p: Batchable): void {
    this.compactions.add(p);
    if (!this.compactTimer && !this.compacting) this.compactTimer = setTimeout(() => this.compactNext(), Math.max(0, this.lastCompactionEnd + this.compactGapMs - performance.now()));
  }

  private compactNext(): void {
    this.compactTimer = null;
    const next = this.compactions.values().next();
    if (next.done) return;
    this.compactions.delete(next.value);
    this.compacting = true;
    void next.value.compactQueued().finally(() => {
      this.compacting = false;
      this.lastCompactionEnd = performance.now();
      if (this.compactions.size > 0 && !this.stopped) this.compactTimer = setTimeout(() => this.compactNext(), this.compactGapMs);
    });
  }

  /** Ask for `p` to be written in the next tick (at most `batchMs` from now). */
  schedule(p: Batchable): void {
    this.due.add(p);
    if (!this.timer && !this.stopped) this.timer = setTimeout(() => void this.tick(), this.batchMs);
  }

  /**
   * Write every due room's pending updates in one transaction. A room whose own store
   * operation is in flight (its mutex is held) waits for the next tick. Resolves once the
   * batch is committed (or, after a failure, handed to each room's own retry).
   */
  async tick(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const work: { p: Batchable; batch: readonly Uint8Array[] }[] = [];
    let busy = false;
    for (const p of this.due) {
      if (!p.mutex.tryLock()) {
        busy = true;
        continue;
      }
      this.due.delete(p);
      const batch = p.pendingBatch();
      if (batch.length > 0) work.push({ p, batch });
      else p.mutex.unlock();
    }
    if (busy && !this.timer && !this.stopped) this.timer = setTimeout(() => void this.tick(), this.batchMs);
    if (work.length === 0) return;
    let seqs: number[];
    try {
      seqs = await this.store.appendMany(work.map((w) => ({ docName: w.p.docName, updates: w.batch })));
    } catch {
      for (const w of work) {
        w.p.mutex.unlock();
        // recorded by the room, which keeps its updates and retries
        w.p.flush().catch(() => {});
      }
      return;
    }
    for (const [i, w] of work.entries()) {
      w.p.written(w.batch.length, seqs[i]!);
      w.p.mutex.unlock();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.timer = this.compactTimer = null;
    this.due.clear();
    this.compactions.clear();
  }
}
