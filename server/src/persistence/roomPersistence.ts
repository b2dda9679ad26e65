import * as Y from 'yjs';
import { countStructs, rewriteHistory, writerIds } from '@tsunagu/shared';
import type { Store } from '../store/store.js';
import type { Batchable, WriteScheduler } from './writeScheduler.js';

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
}

/**
 * Saves one document: every update is appended to the log in batches (one transaction per
 * batch, within `batchMs`), and the log is compacted into a V2 snapshot on a debounce with a
 * maximum wait, when the last client leaves, and on shutdown. Writes are serialised per
 * document. A failed write keeps the pending updates in memory and retries; the in-memory
 * document is never discarded.
 */
export class RoomPersistence implements Batchable {
  private pending: Uint8Array[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private compactTimer: NodeJS.Timeout | null = null;
  private firstUncompactedAt = 0;
  private lastSeq = 0;
  private dirtySinceCompact = false;
  private retryDelay: number;
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
    readonly store: Store,
    readonly docName: string,
    readonly doc: Y.Doc,
    private readonly opts: PersistenceOptions,
  ) {
    this.retryDelay = opts.retryMs ?? 200;
  }

  /** Load stored state into the document (before the first sync reply). */
  load(): void {
    const stored = this.store.loadDoc(this.docName);
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
   * Throws when the store fails (nothing is lost: the old snapshot and log stay).
   */
  rewriteIfWorthIt(minStructs: number, ratio: number): { before: number; after: number } | null {
    const before = countStructs(this.doc);
    if (before < minStructs) return null;
    this.flush();
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
        this.store.rewrite(this.docName, Y.encodeStateAsUpdateV2(fresh), this.lastSeq, retired);
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
  }

  /** Queue an update for the log. */
  push(update: Uint8Array): void {
    if (this.closed) return;
    if (this.pending.length === 0) this.oldestPendingAt = Date.now();
    this.pending.push(update);
    if (this.opts.scheduler && this.failures === 0) this.opts.scheduler.schedule(this);
    else if (!this.batchTimer) this.batchTimer = setTimeout(() => this.flushSafely(), this.opts.batchMs);
  }

  pendingBatch(): readonly Uint8Array[] {
    return this.pending;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private flushSafely(): void {
    this.batchTimer = null;
    try {
      this.flush();
    } catch {
      // already recorded; a retry is scheduled
    }
  }

  /** Write pending updates now. Throws (after scheduling a retry) when the store fails. */
  flush(): void {
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.batchTimer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    let lastSeq: number;
    try {
      lastSeq = this.store.appendUpdates(this.docName, batch);
    } catch (err) {
      this.recordFailure(err);
      throw err;
    }
    this.written(batch.length, lastSeq);
  }

  /** The first `count` pending updates are committed (by flush() or the shared scheduler). */
  written(count: number, lastSeq: number): void {
    this.lastSeq = lastSeq;
    this.pending = this.pending.slice(count);
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
      else this.compactQueued();
    }, wait);
  }

  compactQueued(): void {
    if (this.closed) return;
    try {
      this.compact();
    } catch {
      // recorded; retried on the next flush or at close
    }
  }

  /** Flush, then replace the log with one V2 snapshot. */
  compact(): void {
    this.flush();
    if (!this.dirtySinceCompact) return;
    try {
      this.store.compact(this.docName, Y.encodeStateAsUpdateV2(this.doc), this.lastSeq);
    } catch (err) {
      this.recordFailure(err);
      throw err;
    }
    this.dirtySinceCompact = false;
    this.firstUncompactedAt = 0;
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

  /** Final save; throws if the store still fails (the caller keeps the room loaded). */
  close(): void {
    this.compact();
    this.closed = true;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.batchTimer = this.compactTimer = null;
  }

  /**
   * After close(): cache the stored state as one V1 update for the next first sync of this
   * document (RoomManager.presync), unless a fresh one is cached already. Best effort: the
   * cache only saves time, so a failure is ignored.
   */
  cacheSyncState(): void {
    try {
      if (this.rewrittenSyncState) this.store.cacheSyncState(this.docName, this.rewrittenSyncState, this.lastSeq);
      else if (!this.store.hasSyncState(this.docName, this.lastSeq)) this.store.cacheSyncState(this.docName, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
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
