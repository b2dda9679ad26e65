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
  /** Issue 14: the organisation it belongs to ('default' when created before organisations). */
  orgId?: string;
  /** Issue 14: the unit (小学校区 …) of the organisation it belongs to; null: none chosen. */
  unitId?: string | null;
  /** Issue 14: when a coordinator or the facilitator marked it 終了; null: not ended. */
  endedAt?: number | null;
  /** Issue 14: when its public document was last written (at most once a minute); null: never since. */
  lastActivityAt?: number | null;
}

/** An organisation (社協, municipality) that owns workshops (issue 14). */
export interface OrgRecord {
  id: string;
  name: string;
  createdAt: number;
}

/** A coordinator link of an organisation (stored by the hash of its token, like workshop tokens). */
export interface OrgTokenRecord {
  orgId: string;
  role: 'coordinator';
  name: string;
  createdAt: number;
}

/** A unit of an organisation's geography: 自治会 ⊂ 小学校区 ⊂ 地区 ⊂ 市. */
export interface UnitRecord {
  id: string;
  orgId: string;
  parentId: string | null;
  level: string;
  name: string;
  /** GeoJSON Polygon or MultiPolygon geometry, as JSON text; null when typed without an outline. */
  geometry: string | null;
  createdAt: number;
}

/** A workshop of an organisation's list, with what tells whether its digest is stale. */
export interface OrgWorkshopRow extends WorkshopRecord {
  orgId: string;
  unitId: string | null;
  endedAt: number | null;
  lastActivityAt: number | null;
  /** Participants who joined by code. */
  joined: number;
  /** The public document's last stored sequence number (0: nothing stored). */
  lastSeq: number;
  /** When its snapshot was last replaced (0: none). */
  snapshotAt: number;
}

/** The public-only extract of one workshop the city view reads (issue 14), as JSON text. */
export interface WorkshopDigestRecord {
  workshopId: string;
  upToSeq: number;
  snapshotAt: number;
  joined: number;
  data: string;
  updatedAt: number;
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

  // Organisations (issue 14)
  /** Create an organisation; an existing id is left as it is. */
  createOrg(o: OrgRecord): void;
  getOrg(id: string): OrgRecord | undefined;
  /** Every organisation with its numbers of workshops and live coordinator links. */
  listOrgs(): (OrgRecord & { workshops: number; coordinators: number })[];
  addOrgToken(tokenHash: string, t: OrgTokenRecord): void;
  /** A coordinator token that was not revoked. Never a workshop token (findToken never returns this one). */
  findOrgToken(tokenHash: string): OrgTokenRecord | undefined;
  /** Revoke every coordinator token of an organisation; returns how many. */
  revokeOrgTokens(orgId: string, at: number): number;
  /** Add units in one transaction (all or none). */
  addUnits(units: readonly UnitRecord[]): void;
  listUnits(orgId: string): UnitRecord[];
  /** Delete a unit unless workshops belong to it or it has children. */
  deleteUnit(orgId: string, unitId: string): 'deleted' | 'missing' | 'in-use';
  /** Put a workshop into an organisation and unit. */
  setWorkshopOrg(workshopId: string, orgId: string, unitId: string | null): void;
  /**
   * Move a workshop of `orgId` into its unit `unitId` (null: none), atomically with the check
   * that both belong to the organisation (a unit deleted meanwhile is 'no-unit').
   */
  setWorkshopUnit(orgId: string, workshopId: string, unitId: string | null): 'moved' | 'no-workshop' | 'no-unit';
  /**
   * Change a unit's name, parent or level in one transaction: `plan` gets the organisation's
   * units as they are inside it (none can change meanwhile) and returns the unit's new record,
   * or throws to refuse (nothing is written). 'missing' when the unit is not the organisation's.
   */
  updateUnit(orgId: string, unitId: string, plan: (units: UnitRecord[]) => UnitRecord): UnitRecord | 'missing';
  setWorkshopEnded(workshopId: string, endedAt: number | null): void;
  touchWorkshop(workshopId: string, at: number): void;
  /** The workshops of an organisation, with what digest staleness needs. */
  listOrgWorkshops(orgId: string): OrgWorkshopRow[];
  /** The digests of an organisation's workshops. */
  listDigests(orgId: string): WorkshopDigestRecord[];
  putDigest(d: WorkshopDigestRecord): void;

  close(): void;
}
