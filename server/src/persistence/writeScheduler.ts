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
import type { Store } from '../store/store.js';

export interface Batchable {
  readonly docName: string;
  /** The updates not yet written (the same array until written() is called). */
  pendingBatch(): readonly Uint8Array[];
  /** The first `count` pending updates are committed, the last with sequence `lastSeq`. */
  written(count: number, lastSeq: number): void;
  /** Write on its own; throws after recording a failure (it then retries by itself). */
  flush(): void;
  /** Compact now if still needed (a queued compaction; never throws). */
  compactQueued(): void;
}

export class WriteScheduler {
  private readonly due = new Set<Batchable>();
  private timer: NodeJS.Timeout | null = null;
  private readonly compactions = new Set<Batchable>();
  private compactTimer: NodeJS.Timeout | null = null;
  private lastCompactionEnd = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly batchMs: number,
    private readonly compactGapMs = 20,
  ) {}

  /** Queue a compaction of `p`; queued compactions run one per `compactGapMs`, oldest first. */
  requestCompaction(p: Batchable): void {
    this.compactions.add(p);
    if (!this.compactTimer) this.compactTimer = setTimeout(() => this.compactNext(), Math.max(0, this.lastCompactionEnd + this.compactGapMs - performance.now()));
  }

  private compactNext(): void {
    this.compactTimer = null;
    const next = this.compactions.values().next();
    if (next.done) return;
    this.compactions.delete(next.value);
    next.value.compactQueued();
    this.lastCompactionEnd = performance.now();
    if (this.compactions.size > 0) this.compactTimer = setTimeout(() => this.compactNext(), this.compactGapMs);
  }

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
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.timer = this.compactTimer = null;
    this.due.clear();
    this.compactions.clear();
  }
}
