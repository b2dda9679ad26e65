import * as Y from 'yjs';
import { countStructs, rewriteHistory, writerIds } from '@tsunagu/shared';
import type { AsyncStore } from '../store/asyncStore.js';
import { Mutex } from './mutex.js';
import type { Batchable, WriteScheduler } from './writeScheduler.js';

/**
 * Transaction origin of state read back from the store into a live document (a compaction
 * with several instances merges what other instances wrote): the room neither stores it again
 * nor relays it.
 */
export const STORED_ORIGIN = Object.freeze({ kind: 'server', detail: 'stored' });

/**
 * Several instances share one document's log (REDIS_URL): one at a time maintains it.
 * `exclusive` runs `fn` while this instance holds the room's lock (null: another instance
 * holds it, so this one skips the compaction; the holder compacts).
 */
export interface SharedLog {
  exclusive<T>(fn: () => Promise<T>): Promise<{ value: T } | null>;
}

export interface PersistenceOptions {
  batchMs: number;
  compactDebounceMs: number;
  compactMaxWaitMs: number;
  /** First retry delay after a failed write (doubles up to 5 s). */
  retryMs?: number;
  onError?: (err: unknown) => void;
  onRecovered?: () => void;
  /** `count` updates were written to the store. */
  onStored?: (count: number) => void;
  /** Shared write tick (one transaction for all rooms); without it the room writes alone. */
  scheduler?: WriteScheduler;
  /** Set when other instances append to the same log (see SharedLog). */
  shared?: SharedLog;
}

/**
 * Saves one document: every update is appended to the log in batches (one transaction per
 * batch, within `batchMs`), and the log is compacted into a V2 snapshot on a debounce with a
 * maximum wait, when the last client leaves, and on shutdown. Store operations of one document
 * are serialised (a Mutex: an append is in flight across ticks). A failed write keeps the
 * pending updates in memory and retries; the in-memory document is never discarded.
 *
 * Alone (one instance): this instance is the log's only writer, so a compaction's snapshot of
 * the in-memory document holds every row with seq ≤ its last append and deletes them.
 * Shared (several instances): a compaction runs under the room's lock, reads the stored state,
 * applies it to the document (what other instances stored, idempotently), then replaces
 * exactly the rows it read.
 */
export class RoomPersistence implements Batchable {
  private pending: Uint8Array[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private compactTimer: NodeJS.Timeout | null = null;
  private firstUncompactedAt = 0;
  private lastSeq = 0;
  private dirtySinceCompact = false;
  private retryDelay: number;
  /** Serialises this document's store operations. */
  readonly mutex = new Mutex();
  /** Number of consecutive failed writes (0 when healthy). */
  failures = 0;
  /** Total updates persisted and failed writes, for metrics. */
  persistedCount = 0;
  writeErrors = 0;
  /** Time the oldest not-yet-written update arrived (0 when nothing pending). */
  oldestPendingAt = 0;
  /** Writers of history rewritten away: a connection still holding it must reload. */
  readonly retiredClients = new Set<number>();
  /** The state vector of what was stored when the room loaded (before any migration). */
  storedStateVector = new Map<number, number>();
  /** Set by rewriteIfWorthIt: the rewritten state (V1) to cache once the room has closed. */
  private rewrittenSyncState: Uint8Array | null = null;
  private closed = false;

  constructor(
    readonly store: AsyncStore,
    readonly docName: string,
    readonly doc: Y.Doc,
    private readonly opts: PersistenceOptions,
  ) {
    this.retryDelay = opts.retryMs ?? 200;
  }

  /** Load stored state into the document (before the first sync reply), as one consistent read. */
  async load(): Promise<void> {
    const stored = await this.store.loadDoc(this.docName);
    Y.transact(this.doc, () => {
      if (stored.snapshot) Y.applyUpdateV2(this.doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(this.doc, u);
    }, { kind: 'server', detail: 'load' });
    this.storedStateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    this.lastSeq = stored.lastSeq;
    this.dirtySinceCompact = stored.updates.length > 0;
    for (const id of stored.retiredClients) this.retiredClients.add(id);
  }

  /**
   * Replace the stored history by `rewriteHistory(doc)` when it holds at least `minStructs`
   * structs and at least `ratio` times as many as the rewritten document — only for a room
   * nobody is connected to (the caller unloads it right after: the in-memory document keeps
   * the old history and is dropped). Returns the struct counts when it rewrote, else null.
   * Rejects when the store fails (nothing is lost: the old snapshot and log stay). Never with
   * a shared log: another instance's clients may hold the old history (see ARCHITECTURE.md).
   */
  async rewriteIfWorthIt(minStructs: number, ratio: number): Promise<{ before: number; after: number } | null> {
    if (this.opts.shared) return null;
    const before = countStructs(this.doc);
    if (before < minStructs) return null;
    return this.mutex.run(async () => {
      await this.flushLocked();
      const retired = writerIds(this.doc);
      for (const id of this.retiredClients) retired.push(id);
      let clientID: number;
      do clientID = Math.floor(Math.random() * 0xffffffff);
      while (retired.includes(clientID));
      const fresh = rewriteHistory(this.doc, clientID);
      if (!fresh) return null;
      try {
        const after = countStructs(fresh);
        if (after * ratio > before) return null;
        try {
          await this.store.rewrite(this.docName, Y.encodeStateAsUpdateV2(fresh), this.lastSeq, retired);
          this.rewrittenSyncState = Y.encodeStateAsUpdate(fresh);
        } catch (err) {
          this.recordFailure(err);
          throw err;
        }
        for (const id of retired) this.retiredClients.add(id);
        this.dirtySinceCompact = false;
        this.firstUncompactedAt = 0;
        return { before, after };
      } finally {
        fresh.destroy();
      }
    });
  }

  /** Queue an update for the log. */
  push(update: Uint8Array): void {
    if (this.closed) return;
    if (this.pending.length === 0) this.oldestPendingAt = Date.now();
    this.pending.push(update);
    if (this.opts.scheduler && this.failures === 0) this.opts.scheduler.schedule(this);
    else if (!this.batchTimer) this.batchTimer = setTimeout(() => this.flushSafely(), this.opts.batchMs);
  }

  /** The updates not yet written, as a copy (more may arrive while it is being written). */
  pendingBatch(): readonly Uint8Array[] {
    return this.pending.slice();
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private flushSafely(): void {
    this.batchTimer = null;
    this.flush().catch(() => {
      // already recorded; a retry is scheduled
    });
  }

  /** Write pending updates now. Rejects (after scheduling a retry) when the store fails. */
  flush(): Promise<void> {
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.batchTimer = null;
    }
    return this.mutex.run(() => this.flushLocked());
  }

  private async flushLocked(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.slice();
    let lastSeq: number;
    try {
      lastSeq = await this.store.appendUpdates(this.docName, batch);
    } catch (err) {
      this.recordFailure(err);
      throw err;
    }
    this.written(batch.length, lastSeq);
  }

  /**
   * The first `count` pending updates are committed (by flush() or the shared scheduler, which
   * holds the mutex meanwhile: nothing else removes pending updates, so they are the batch).
   */
  written(count: number, lastSeq: number): void {
    this.lastSeq = Math.max(this.lastSeq, lastSeq);
    this.pending.splice(0, count);
    this.oldestPendingAt = this.pending.length ? Date.now() : 0;
    this.persistedCount += count;
    this.opts.onStored?.(count);
    this.recordSuccess();
    this.dirtySinceCompact = true;
    this.scheduleCompaction();
  }

  private scheduleCompaction(): void {
    if (this.closed) return;
    const now = Date.now();
    if (!this.firstUncompactedAt) this.firstUncompactedAt = now;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    const wait = Math.max(0, Math.min(this.opts.compactDebounceMs, this.firstUncompactedAt + this.opts.compactMaxWaitMs - now));
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null;
      if (this.opts.scheduler) this.opts.scheduler.requestCompaction(this);
      else void this.compactQueued();
    }, wait);
  }

  /** A queued compaction: never rejects (a failure is recorded and retried). */
  async compactQueued(): Promise<void> {
    if (this.closed) return;
    try {
      await this.compact();
    } catch {
      // recorded; retried on the next flush or at close
    }
  }

  /** Flush, then replace the log with one V2 snapshot. */
  compact(): Promise<void> {
    return this.mutex.run(async () => {
      await this.flushLocked();
      if (!this.dirtySinceCompact) return;
      try {
        if (this.opts.shared) {
          // another instance holding the lock compacts; this one's rows wait for it
          await this.opts.shared.exclusive(() => this.compactShared());
        } else {
          await this.store.compact(this.docName, Y.encodeStateAsUpdateV2(this.doc), this.lastSeq);
        }
      } catch (err) {
        this.recordFailure(err);
        throw err;
      }
      this.dirtySinceCompact = false;
      this.firstUncompactedAt = 0;
    });
  }

  /** Under the room's lock: merge what is stored into the document, then replace exactly those rows. */
  private async compactShared(): Promise<void> {
    const stored = await this.store.loadDoc(this.docName);
    if (stored.updates.length === 0) return;
    Y.transact(this.doc, () => {
      if (stored.snapshot) Y.applyUpdateV2(this.doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(this.doc, u);
    }, STORED_ORIGIN);
    await this.store.compact(this.docName, Y.encodeStateAsUpdateV2(this.doc), stored.lastSeq, stored.updateSeqs);
  }

  private recordFailure(err: unknown): void {
    this.failures++;
    this.writeErrors++;
    this.opts.onError?.(err);
    if (this.closed || this.batchTimer) return;
    this.batchTimer = setTimeout(() => this.flushSafely(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 5000);
  }

  private recordSuccess(): void {
    if (this.failures > 0) {
      this.failures = 0;
      this.opts.onRecovered?.();
    }
    this.retryDelay = this.opts.retryMs ?? 200;
  }

  /** True when everything received has been written (safe to unload). */
  get idle(): boolean {
    return this.pending.length === 0 && !this.dirtySinceCompact;
  }

  /** Final save; rejects if the store still fails (the caller keeps the room loaded). */
  async close(): Promise<void> {
    await this.compact();
    this.closed = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.batchTimer = this.compactTimer = null;
  }

  /**
   * After close(): cache the stored state as one V1 update for the next first sync of this
   * document (RoomManager.presync), unless a fresh one is cached already. Best effort: the
   * cache only saves time, so a failure is ignored. Not with a shared log: this document may
   * hold relayed updates that are not stored yet, or miss rows other instances appended.
   */
  async cacheSyncState(): Promise<void> {
    if (this.opts.shared) return;
    try {
      if (this.rewrittenSyncState) await this.store.cacheSyncState(this.docName, this.rewrittenSyncState, this.lastSeq);
      else if (!(await this.store.hasSyncState(this.docName, this.lastSeq))) await this.store.cacheSyncState(this.docName, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    } catch {
      // the next first sync converts the snapshot instead
    }
    this.rewrittenSyncState = null;
  }

  /** Stop timers without saving (tests simulating a crash). */
  abandon(): void {
    this.closed = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
  }
}
