import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isRole, type Role } from '@tsunagu/shared';
import type { AccessLogRecord, OrgRecord, OrgTokenRecord, OrgWorkshopRow, Store, StoredDoc, TokenRecord, UnitRecord, VersionRecord, WorkshopDigestRecord, WorkshopRecord } from './store.js';
import { WalCheckpointer } from './walCheckpointer.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  workshop_id TEXT NOT NULL REFERENCES workshops(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  doc_name TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  up_to_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_sync_state (
  doc_name TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  up_to_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_name TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates(doc_name, seq);
CREATE TABLE IF NOT EXISTS versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_name TEXT NOT NULL,
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  auto INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_doc ON versions(doc_name, id);
CREATE TABLE IF NOT EXISTS retired_clients (
  doc_name TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  PRIMARY KEY (doc_name, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS access_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workshop_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS org_tokens (
  hash TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL DEFAULT 'coordinator',
  name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS units (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  parent_id TEXT,
  level TEXT NOT NULL,
  name TEXT NOT NULL,
  geometry TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS units_by_org ON units(org_id, created_at);
CREATE TABLE IF NOT EXISTS workshop_digests (
  workshop_id TEXT PRIMARY KEY,
  up_to_seq INTEGER NOT NULL,
  snapshot_at INTEGER NOT NULL DEFAULT 0,
  joined INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

/** Issue 14: the default organisation, which every workshop created before organisations belongs to. */
const DEFAULT_ORG_SQL = `INSERT OR IGNORE INTO orgs (id, name, created_at) VALUES ('default', '既定の組織', 0)`;

/**
 * Columns added after the first release (issue 11): ALTER TABLE for files created before.
 * tokens.revoked_at: a revoked link stops working at once; workshops.join_code_issued_at (null:
 * created_at) and join_closed: join codes expire and the facilitator can close and rotate them.
 */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['tokens', 'revoked_at', 'INTEGER'],
  ['workshops', 'join_code_issued_at', 'INTEGER'],
  ['workshops', 'join_closed', 'INTEGER NOT NULL DEFAULT 0'],
  // issue 14: organisations; an existing workshop moves into the default organisation
  ['workshops', 'org_id', "TEXT NOT NULL DEFAULT 'default'"],
  ['workshops', 'unit_id', 'TEXT'],
  ['workshops', 'ended_at', 'INTEGER'],
  ['workshops', 'last_activity_at', 'INTEGER'],
];

function addMissingColumns(db: Database.Database): void {
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const has = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
    if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

const WORKSHOP_COLUMNS =
  'id, join_code AS joinCode, title, created_at AS createdAt, COALESCE(join_code_issued_at, created_at) AS joinCodeIssuedAt, join_closed AS joinClosed, org_id AS orgId, unit_id AS unitId, ended_at AS endedAt, last_activity_at AS lastActivityAt';
const ORG_WORKSHOP_COLUMNS = `w.id, w.join_code AS joinCode, w.title, w.created_at AS createdAt, COALESCE(w.join_code_issued_at, w.created_at) AS joinCodeIssuedAt,
  w.join_closed AS joinClosed, w.org_id AS orgId, w.unit_id AS unitId, w.ended_at AS endedAt, w.last_activity_at AS lastActivityAt,
  (SELECT COUNT(*) FROM tokens t WHERE t.workshop_id = w.id AND t.role = 'participant') AS joined,
  COALESCE((SELECT MAX(u.seq) FROM doc_updates u WHERE u.doc_name = w.id), (SELECT s.up_to_seq FROM doc_snapshots s WHERE s.doc_name = w.id), 0) AS lastSeq,
  COALESCE((SELECT s.updated_at FROM doc_snapshots s WHERE s.doc_name = w.id), 0) AS snapshotAt`;
const UNIT_COLUMNS = 'id, org_id AS orgId, parent_id AS parentId, level, name, geometry, created_at AS createdAt';
type WorkshopRow = Omit<WorkshopRecord, 'joinClosed'> & { joinClosed: number };
const toWorkshop = (row: WorkshopRow | undefined): WorkshopRecord | undefined => (row ? { ...row, joinClosed: !!row.joinClosed } : undefined);

type VersionRow = Omit<VersionRecord, 'auto'> & { auto: number };

const toU8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The embedded default store: one SQLite file `tsunagu.sqlite` under DATA_DIR, WAL mode. */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  readonly file: string;
  private readonly stmts;
  private readonly checkpointer: WalCheckpointer | null;

  /**
   * `backgroundCheckpoint` (default on): WAL checkpoints run on a worker thread instead of inside
   * the commit that crosses SQLite's threshold (see walCheckpointer.ts). Off for short-lived
   * tools such as the backup CLI.
   */
  constructor(dataDir: string, opts: { backgroundCheckpoint?: boolean; checkpointIntervalMs?: number; walResetPages?: number } = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'tsunagu.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (SIGKILL); only an
    // OS crash or power cut may lose the last transactions.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    addMissingColumns(this.db);
    this.db.exec('CREATE INDEX IF NOT EXISTS workshops_by_org ON workshops(org_id, created_at)');
    this.db.exec(DEFAULT_ORG_SQL);
    const background = opts.backgroundCheckpoint ?? true;
    if (background) this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = background ? new WalCheckpointer(this.file, opts.checkpointIntervalMs, opts.walResetPages) : null;
    const db = this.db;
    this.stmts = {
      insertWorkshop: db.prepare('INSERT INTO workshops (id, join_code, title, created_at, org_id, unit_id) VALUES (?, ?, ?, ?, ?, ?)'),
      getWorkshop: db.prepare(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE id = ?`),
      byJoinCode: db.prepare(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE join_code = ?`),
      setJoinCode: db.prepare('UPDATE workshops SET join_code = ?, join_code_issued_at = ?, join_closed = 0 WHERE id = ?'),
      setJoinClosed: db.prepare('UPDATE workshops SET join_closed = ? WHERE id = ?'),
      revokeTokens: db.prepare('UPDATE tokens SET revoked_at = ? WHERE workshop_id = ? AND role = ? AND revoked_at IS NULL'),
      insertToken: db.prepare('INSERT INTO tokens (hash, workshop_id, role, name, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      findToken: db.prepare('SELECT workshop_id AS workshopId, role, name, kind, created_at AS createdAt FROM tokens WHERE hash = ? AND revoked_at IS NULL'),
      listJoined: db.prepare("SELECT kind, created_at AS createdAt FROM tokens WHERE workshop_id = ? AND role = 'participant' ORDER BY created_at"),
      insertUpdate: db.prepare('INSERT INTO doc_updates (doc_name, data) VALUES (?, ?)'),
      getSnapshot: db.prepare('SELECT data, up_to_seq AS upToSeq FROM doc_snapshots WHERE doc_name = ?'),
      getUpdates: db.prepare('SELECT seq, data FROM doc_updates WHERE doc_name = ? ORDER BY seq'),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(doc_name) DO UPDATE SET data = excluded.data, up_to_seq = excluded.up_to_seq, updated_at = excluded.updated_at`,
      ),
      deleteUpdates: db.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?'),
      deleteUpdate: db.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq = ?'),
      getSyncState: db.prepare('SELECT data, up_to_seq AS upToSeq FROM doc_sync_state WHERE doc_name = ?'),
      hasSyncState: db.prepare('SELECT 1 FROM doc_sync_state WHERE doc_name = ? AND up_to_seq = ?').pluck(),
      upsertSyncState: db.prepare(
        `INSERT INTO doc_sync_state (doc_name, data, up_to_seq) VALUES (?, ?, ?)
         ON CONFLICT(doc_name) DO UPDATE SET data = excluded.data, up_to_seq = excluded.up_to_seq`,
      ),
      deleteSyncState: db.prepare('DELETE FROM doc_sync_state WHERE doc_name = ?'),
      getRetired: db.prepare('SELECT client_id AS id FROM retired_clients WHERE doc_name = ?').pluck(),
      insertRetired: db.prepare('INSERT OR IGNORE INTO retired_clients (doc_name, client_id) VALUES (?, ?)'),
      insertVersion: db.prepare('INSERT INTO versions (doc_name, name, data, auto, item_count, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      listVersions: db.prepare(
        'SELECT id, doc_name AS docName, name, created_at AS createdAt, auto, item_count AS itemCount FROM versions WHERE doc_name = ? ORDER BY id',
      ),
      getVersion: db.prepare(
        'SELECT id, doc_name AS docName, name, created_at AS createdAt, auto, item_count AS itemCount, data FROM versions WHERE doc_name = ? AND id = ?',
      ),
      insertAccess: db.prepare('INSERT INTO access_log (workshop_id, at, action, role, name, detail) VALUES (?, ?, ?, ?, ?, ?)'),
      listAccess: db.prepare('SELECT workshop_id AS workshopId, at, action, role, name, detail FROM access_log WHERE workshop_id = ? ORDER BY id'),
      insertOrg: db.prepare('INSERT OR IGNORE INTO orgs (id, name, created_at) VALUES (?, ?, ?)'),
      getOrg: db.prepare('SELECT id, name, created_at AS createdAt FROM orgs WHERE id = ?'),
      listOrgs: db.prepare(
        `SELECT o.id, o.name, o.created_at AS createdAt, (SELECT COUNT(*) FROM workshops w WHERE w.org_id = o.id) AS workshops,
           (SELECT COUNT(*) FROM org_tokens t WHERE t.org_id = o.id AND t.revoked_at IS NULL) AS coordinators FROM orgs o ORDER BY o.created_at, o.id`,
      ),
      insertOrgToken: db.prepare('INSERT INTO org_tokens (hash, org_id, role, name, created_at) VALUES (?, ?, ?, ?, ?)'),
      findOrgToken: db.prepare('SELECT org_id AS orgId, role, name, created_at AS createdAt FROM org_tokens WHERE hash = ? AND revoked_at IS NULL'),
      revokeOrgTokens: db.prepare('UPDATE org_tokens SET revoked_at = ? WHERE org_id = ? AND revoked_at IS NULL'),
      insertUnit: db.prepare('INSERT INTO units (id, org_id, parent_id, level, name, geometry, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      listUnits: db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE org_id = ? ORDER BY created_at, rowid`),
      getUnit: db.prepare('SELECT id FROM units WHERE org_id = ? AND id = ?').pluck(),
      unitInUse: db.prepare('SELECT 1 FROM workshops WHERE unit_id = ? UNION ALL SELECT 1 FROM units WHERE parent_id = ? LIMIT 1').pluck(),
      deleteUnit: db.prepare('DELETE FROM units WHERE org_id = ? AND id = ?'),
      setWorkshopOrg: db.prepare('UPDATE workshops SET org_id = ?, unit_id = ? WHERE id = ?'),
      setWorkshopUnit: db.prepare('UPDATE workshops SET unit_id = ? WHERE id = ? AND org_id = ?'),
      updateUnit: db.prepare('UPDATE units SET parent_id = ?, level = ?, name = ? WHERE org_id = ? AND id = ?'),
      setWorkshopEnded: db.prepare('UPDATE workshops SET ended_at = ? WHERE id = ?'),
      touchWorkshop: db.prepare('UPDATE workshops SET last_activity_at = MAX(COALESCE(last_activity_at, 0), ?) WHERE id = ?'),
      listOrgWorkshops: db.prepare(`SELECT ${ORG_WORKSHOP_COLUMNS} FROM workshops w WHERE w.org_id = ? ORDER BY w.created_at, w.id`),
      listDigests: db.prepare(
        `SELECT d.workshop_id AS workshopId, d.up_to_seq AS upToSeq, d.snapshot_at AS snapshotAt, d.joined, d.data, d.updated_at AS updatedAt
         FROM workshop_digests d JOIN workshops w ON w.id = d.workshop_id WHERE w.org_id = ?`,
      ),
      putDigest: db.prepare(
        `INSERT INTO workshop_digests (workshop_id, up_to_seq, snapshot_at, joined, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(workshop_id) DO UPDATE SET up_to_seq = excluded.up_to_seq, snapshot_at = excluded.snapshot_at, joined = excluded.joined,
           data = excluded.data, updated_at = excluded.updated_at`,
      ),
    };
  }

  createWorkshop(w: WorkshopRecord): void {
    this.stmts.insertWorkshop.run(w.id, w.joinCode, w.title, w.createdAt, w.orgId ?? 'default', w.unitId ?? null);
  }
  getWorkshop(id: string): WorkshopRecord | undefined {
    return toWorkshop(this.stmts.getWorkshop.get(id) as WorkshopRow | undefined);
  }
  findWorkshopByJoinCode(code: string): WorkshopRecord | undefined {
    return toWorkshop(this.stmts.byJoinCode.get(code) as WorkshopRow | undefined);
  }
  setJoinCode(workshopId: string, joinCode: string, at: number): void {
    this.stmts.setJoinCode.run(joinCode, at, workshopId);
  }
  setJoinClosed(workshopId: string, closed: boolean): void {
    this.stmts.setJoinClosed.run(closed ? 1 : 0, workshopId);
  }
  revokeTokens(workshopId: string, role: Role, at: number): number {
    return this.stmts.revokeTokens.run(at, workshopId, role).changes;
  }
  addToken(hash: string, t: TokenRecord): void {
    this.stmts.insertToken.run(hash, t.workshopId, t.role, t.name, t.kind, t.createdAt);
  }
  findToken(hash: string): TokenRecord | undefined {
    const row = this.stmts.findToken.get(hash) as TokenRecord | undefined;
    return row && isRole(row.role) ? row : undefined;
  }

  listJoined(workshopId: string): { kind: string; createdAt: number }[] {
    return this.stmts.listJoined.all(workshopId) as { kind: string; createdAt: number }[];
  }

  private readonly appendTx = (docName: string, updates: readonly Uint8Array[]): number => {
    let last = 0;
    for (const u of updates) last = Number(this.stmts.insertUpdate.run(docName, u).lastInsertRowid);
    return last;
  };
  /** Run `fn` in one transaction; after the commit, let the checkpointer rewind a long WAL. */
  private commit<T>(fn: () => T): T {
    const result = this.db.transaction(fn)();
    this.checkpointer?.afterCommit(this.db);
    return result;
  }

  appendUpdates(docName: string, updates: readonly Uint8Array[]): number {
    return this.commit(() => this.appendTx(docName, updates));
  }

  appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): number[] {
    return this.commit(() => batches.map((b) => this.appendTx(b.docName, b.updates)));
  }

  loadDoc(docName: string): StoredDoc {
    const snap = this.stmts.getSnapshot.get(docName) as { data: Buffer; upToSeq: number } | undefined;
    const rows = this.stmts.getUpdates.all(docName) as { seq: number; data: Buffer }[];
    const cached = snap && rows.length === 0 ? (this.stmts.getSyncState.get(docName) as { data: Buffer; upToSeq: number } | undefined) : undefined;
    return {
      snapshot: snap ? toU8(snap.data) : null,
      updates: rows.map((r) => toU8(r.data)),
      lastSeq: rows.length ? rows[rows.length - 1]!.seq : (snap?.upToSeq ?? 0),
      updateSeqs: rows.map((r) => r.seq),
      retiredClients: this.stmts.getRetired.all(docName) as number[],
      syncState: cached && cached.upToSeq === snap!.upToSeq ? toU8(cached.data) : null,
    };
  }

  cacheSyncState(docName: string, updateV1: Uint8Array, upToSeq: number): void {
    this.commit(() => this.stmts.upsertSyncState.run(docName, updateV1, upToSeq));
  }

  hasSyncState(docName: string, upToSeq: number): boolean {
    return this.stmts.hasSyncState.get(docName, upToSeq) !== undefined;
  }

  compact(docName: string, snapshotV2: Uint8Array, upToSeq: number, mergedSeqs?: readonly number[]): void {
    this.rewrite(docName, snapshotV2, upToSeq, [], mergedSeqs);
  }

  rewrite(docName: string, snapshotV2: Uint8Array, upToSeq: number, retiredClients: readonly number[], mergedSeqs?: readonly number[]): void {
    this.commit(() => {
      this.stmts.upsertSnapshot.run(docName, snapshotV2, upToSeq, Date.now());
      this.stmts.deleteSyncState.run(docName);
      if (mergedSeqs) {
        for (const seq of mergedSeqs) if (seq <= upToSeq) this.stmts.deleteUpdate.run(docName, seq);
      } else this.stmts.deleteUpdates.run(docName, upToSeq);
      for (const id of retiredClients) this.stmts.insertRetired.run(docName, id);
    });
  }

  saveVersion(docName: string, name: string, snapshotV2: Uint8Array, opts: { auto: boolean; itemCount: number; at: number }): number {
    return Number(this.stmts.insertVersion.run(docName, name, snapshotV2, opts.auto ? 1 : 0, opts.itemCount, opts.at).lastInsertRowid);
  }
  listVersions(docName: string): VersionRecord[] {
    return (this.stmts.listVersions.all(docName) as VersionRow[]).map((v) => ({ ...v, auto: !!v.auto }));
  }
  getVersion(docName: string, id: number): (VersionRecord & { snapshot: Uint8Array }) | undefined {
    const row = this.stmts.getVersion.get(docName, id) as (VersionRow & { data: Buffer }) | undefined;
    if (!row) return undefined;
    const { data, ...rest } = row;
    return { ...rest, auto: !!row.auto, snapshot: toU8(data) };
  }

  logAccess(r: AccessLogRecord): void {
    this.stmts.insertAccess.run(r.workshopId, r.at, r.action, r.role, r.name, r.detail);
  }
  listAccess(workshopId: string): AccessLogRecord[] {
    return this.stmts.listAccess.all(workshopId) as AccessLogRecord[];
  }

  createOrg(o: OrgRecord): void {
    this.stmts.insertOrg.run(o.id, o.name, o.createdAt);
  }
  getOrg(id: string): OrgRecord | undefined {
    return this.stmts.getOrg.get(id) as OrgRecord | undefined;
  }
  listOrgs(): (OrgRecord & { workshops: number; coordinators: number })[] {
    return this.stmts.listOrgs.all() as (OrgRecord & { workshops: number; coordinators: number })[];
  }
  addOrgToken(hash: string, t: OrgTokenRecord): void {
    this.stmts.insertOrgToken.run(hash, t.orgId, t.role, t.name, t.createdAt);
  }
  findOrgToken(hash: string): OrgTokenRecord | undefined {
    const row = this.stmts.findOrgToken.get(hash) as OrgTokenRecord | undefined;
    return row && row.role === 'coordinator' ? row : undefined;
  }
  revokeOrgTokens(orgId: string, at: number): number {
    return this.stmts.revokeOrgTokens.run(at, orgId).changes;
  }
  addUnits(units: readonly UnitRecord[]): void {
    this.commit(() => {
      for (const u of units) this.stmts.insertUnit.run(u.id, u.orgId, u.parentId, u.level, u.name, u.geometry, u.createdAt);
    });
  }
  listUnits(orgId: string): UnitRecord[] {
    return this.stmts.listUnits.all(orgId) as UnitRecord[];
  }
  deleteUnit(orgId: string, unitId: string): 'deleted' | 'missing' | 'in-use' {
    return this.commit(() => {
      if (this.stmts.getUnit.get(orgId, unitId) === undefined) return 'missing';
      if (this.stmts.unitInUse.get(unitId, unitId) !== undefined) return 'in-use';
      this.stmts.deleteUnit.run(orgId, unitId);
      return 'deleted';
    });
  }
  setWorkshopOrg(workshopId: string, orgId: string, unitId: string | null): void {
    this.stmts.setWorkshopOrg.run(orgId, unitId, workshopId);
  }
  setWorkshopUnit(orgId: string, workshopId: string, unitId: string | null): 'moved' | 'no-workshop' | 'no-unit' {
    return this.commit(() => {
      if (unitId !== null && this.stmts.getUnit.get(orgId, unitId) === undefined) return 'no-unit';
      return this.stmts.setWorkshopUnit.run(unitId, workshopId, orgId).changes === 1 ? 'moved' : 'no-workshop';
    });
  }
  updateUnit(orgId: string, unitId: string, plan: (units: UnitRecord[]) => UnitRecord): UnitRecord | 'missing' {
    return this.commit(() => {
      const units = this.listUnits(orgId);
      if (!units.some((u) => u.id === unitId)) return 'missing';
      const next = plan(units);
      this.stmts.updateUnit.run(next.parentId, next.level, next.name, orgId, unitId);
      return { ...next, id: unitId, orgId };
    });
  }
  setWorkshopEnded(workshopId: string, endedAt: number | null): void {
    this.stmts.setWorkshopEnded.run(endedAt, workshopId);
  }
  touchWorkshop(workshopId: string, at: number): void {
    this.stmts.touchWorkshop.run(at, workshopId);
  }
  listOrgWorkshops(orgId: string): OrgWorkshopRow[] {
    return (this.stmts.listOrgWorkshops.all(orgId) as (Omit<OrgWorkshopRow, 'joinClosed'> & { joinClosed: number })[]).map((r) => ({ ...r, joinClosed: !!r.joinClosed }));
  }
  listDigests(orgId: string): WorkshopDigestRecord[] {
    return this.stmts.listDigests.all(orgId) as WorkshopDigestRecord[];
  }
  putDigest(d: WorkshopDigestRecord): void {
    this.stmts.putDigest.run(d.workshopId, d.upToSeq, d.snapshotAt, d.joined, d.data, d.updatedAt);
  }

  close(): void {
    this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
