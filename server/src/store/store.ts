import type { Role } from '@tsunagu/shared';

/**
 * Persistence interface. SQLite (sqliteStore.ts) is the default and synchronous, because
 * better-sqlite3 is; the server calls every store through the asynchronous contract derived
 * from it (AsyncStore in asyncStore.ts), which PostgreSQL (pgStore.ts) implements.
 */
export interface WorkshopRecord {
  id: string;
  joinCode: string;
  title: string;
  createdAt: number;
  /** When the current join code was issued (it expires config.joinCodeTtlMs later); createdAt when never rotated. */
  joinCodeIssuedAt?: number;
  /** The facilitator closed joining: the code joins nobody until it is rotated. */
  joinClosed?: boolean;
}

export interface TokenRecord {
  workshopId: string;
  role: Role;
  /** Participant's nickname and self-declared kind (empty for role tokens). */
  name: string;
  kind: string;
  createdAt: number;
}

export interface StoredDoc {
  /** Latest compacted snapshot (Yjs update, V2 encoding) or null. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot (V1 encoding), in order. */
  updates: Uint8Array[];
  /** Sequence number of the last update (0 when none). */
  lastSeq: number;
  /** The sequence number of each entry of `updates` (what a compaction that merged them deletes). */
  updateSeqs: number[];
  /** Client ids of history the server rewrote away (rewriteHistory): their writers must reload. */
  retiredClients: number[];
  /**
   * The same state as one V1 update, when the server cached it at the last final save and
   * nothing was written since (see cacheSyncState); else null. Read by RoomManager.presync.
   */
  syncState: Uint8Array | null;
}

export interface VersionRecord {
  id: number;
  docName: string;
  name: string;
  createdAt: number;
  auto: boolean;
  itemCount: number;
}

export interface AccessLogRecord {
  workshopId: string;
  at: number;
  action: string;
  role: string;
  name: string;
  detail: string;
}

export interface Store {
  createWorkshop(w: WorkshopRecord): void;
  getWorkshop(id: string): WorkshopRecord | undefined;
  findWorkshopByJoinCode(code: string): WorkshopRecord | undefined;
  addToken(tokenHash: string, t: TokenRecord): void;
  /** A token that was not revoked. */
  findToken(tokenHash: string): TokenRecord | undefined;
  /** Give a workshop a fresh join code (issued `at`) and open joining again. */
  setJoinCode(workshopId: string, joinCode: string, at: number): void;
  /** Close or reopen joining by code. */
  setJoinClosed(workshopId: string, closed: boolean): void;
  /** Revoke every token of one role of a workshop at `at`; returns how many. */
  revokeTokens(workshopId: string, role: Role, at: number): number;
  /** The participants who joined a workshop by its code (one per join), with their self-declared kind. */
  listJoined(workshopId: string): { kind: string; createdAt: number }[];

  /** Append updates in one transaction; returns the last sequence number. */
  appendUpdates(docName: string, updates: readonly Uint8Array[]): number;
  /** Append several documents' updates in one transaction; returns each one's last sequence number. */
  appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): number[];
  loadDoc(docName: string): StoredDoc;
  /**
   * Replace the snapshot and drop the merged updates, atomically: with `mergedSeqs`, exactly
   * those rows (when several writers share the log, a row of another writer can commit with a
   * seq ≤ upToSeq after the snapshot was taken); without it, every row with seq ≤ upToSeq
   * (sound for a single writer whose appends are serialised, as one server on SQLite).
   */
  compact(docName: string, snapshotV2: Uint8Array, upToSeq: number, mergedSeqs?: readonly number[]): void;
  /** compact() with a rewritten history, recording the client ids it retires, atomically. */
  rewrite(docName: string, snapshotV2: Uint8Array, upToSeq: number, retiredClients: readonly number[], mergedSeqs?: readonly number[]): void;
  /**
   * Cache the stored state as one V1 update (what a client's first sync needs) for the
   * snapshot as of `upToSeq`; any later snapshot or update makes it stale. Whether a fresh one
   * is already cached: hasSyncState.
   */
  cacheSyncState(docName: string, updateV1: Uint8Array, upToSeq: number): void;
  hasSyncState(docName: string, upToSeq: number): boolean;

  saveVersion(docName: string, name: string, snapshotV2: Uint8Array, opts: { auto: boolean; itemCount: number; at: number }): number;
  listVersions(docName: string): VersionRecord[];
  getVersion(docName: string, id: number): (VersionRecord & { snapshot: Uint8Array }) | undefined;

  logAccess(rec: AccessLogRecord): void;
  listAccess(workshopId: string): AccessLogRecord[];

  close(): void;
}
