import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isRole, type Role } from '@tsunagu/shared';
import type { AccessLogRecord, Store, StoredDoc, TokenRecord, VersionRecord, WorkshopRecord } from './store.js';
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
`;

/**
 * Columns added after the first release (issue 11): ALTER TABLE for files created before.
 * tokens.revoked_at: a revoked link stops working at once; workshops.join_code_issued_at (null:
 * created_at) and join_closed: join codes expire and the facilitator can close and rotate them.
 */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['tokens', 'revoked_at', 'INTEGER'],
  ['workshops', 'join_code_issued_at', 'INTEGER'],
  ['workshops', 'join_closed', 'INTEGER NOT NULL DEFAULT 0'],
];

function addMissingColumns(db: Database.Database): void {
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const has = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
    if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}

const WORKSHOP_COLUMNS =
  'id, join_code AS joinCode, title, created_at AS createdAt, COALESCE(join_code_issued_at, created_at) AS joinCodeIssuedAt, join_closed AS joinClosed';
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
    const background = opts.backgroundCheckpoint ?? true;
    if (background) this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = background ? new WalCheckpointer(this.file, opts.checkpointIntervalMs, opts.walResetPages) : null;
    const db = this.db;
    this.stmts = {
      insertWorkshop: db.prepare('INSERT INTO workshops (id, join_code, title, created_at) VALUES (?, ?, ?, ?)'),
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
    };
  }

  createWorkshop(w: WorkshopRecord): void {
    this.stmts.insertWorkshop.run(w.id, w.joinCode, w.title, w.createdAt);
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

  close(): void {
    this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
