import pg from 'pg';
import { isRole, type Role } from '@tsunagu/shared';
import type { AsyncStore } from './asyncStore.js';
import { PG_MIGRATIONS } from './pgMigrations.js';
import type { AccessLogRecord, OrgRecord, OrgTokenRecord, OrgWorkshopRow, StoredDoc, TokenRecord, UnitRecord, VersionRecord, WorkshopDigestRecord, WorkshopRecord } from './store.js';

/** BIGINT (int8, oid 20) as a JS number: our sequence numbers and epoch-ms times stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Advisory lock key held while migrations run, so instances starting together migrate once. */
const MIGRATION_LOCK = 0x75_6e_61_67; // 'tsunag'

/** Unique-violation SQLSTATE (e.g. a join code already taken). */
export const PG_UNIQUE_VIOLATION = '23505';

const toU8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const toBuf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

type Queryable = pg.Pool | pg.PoolClient;

const WORKSHOP_COLUMNS =
  'id, join_code AS "joinCode", title, created_at AS "createdAt", COALESCE(join_code_issued_at, created_at) AS "joinCodeIssuedAt", join_closed AS "joinClosed", org_id AS "orgId", unit_id AS "unitId", ended_at AS "endedAt", last_activity_at AS "lastActivityAt"';
const ORG_WORKSHOP_COLUMNS = `w.id, w.join_code AS "joinCode", w.title, w.created_at AS "createdAt", COALESCE(w.join_code_issued_at, w.created_at) AS "joinCodeIssuedAt",
  w.join_closed AS "joinClosed", w.org_id AS "orgId", w.unit_id AS "unitId", w.ended_at AS "endedAt", w.last_activity_at AS "lastActivityAt",
  (SELECT COUNT(*) FROM tokens t WHERE t.workshop_id = w.id AND t.role = 'participant') AS joined,
  COALESCE((SELECT MAX(u.seq) FROM doc_updates u WHERE u.doc_name = w.id), (SELECT s.up_to_seq FROM doc_snapshots s WHERE s.doc_name = w.id), 0) AS "lastSeq",
  COALESCE((SELECT s.updated_at FROM doc_snapshots s WHERE s.doc_name = w.id), 0) AS "snapshotAt"`;
const UNIT_COLUMNS = 'id, org_id AS "orgId", parent_id AS "parentId", level, name, geometry, created_at AS "createdAt"';

/**
 * The store on PostgreSQL, chosen by DATABASE_URL=postgres://…: the same tables as the SQLite
 * store, created and upgraded by the numbered migrations of pgMigrations.ts at open(). Every
 * method returns a Promise (AsyncStore). What a networked, shared database changes:
 * - loadDoc reads the snapshot, the update log, the retired ids and the cached sync state in
 *   one REPEATABLE READ transaction (one consistent snapshot, as SQLite's single connection gives);
 * - compact/rewrite delete exactly the rows that were merged when the caller passes their seqs
 *   (`seq <= n AND seq = ANY(list)`): identity values are handed out before commit, so a row of
 *   another writer may commit with a lower seq after the snapshot was taken;
 * - createWorkshop relies on the UNIQUE constraint of join_code; a taken code throws an error
 *   with `code === '23505'` (PG_UNIQUE_VIOLATION) and the caller retries with a new code.
 */
export class PgStore implements AsyncStore {
  private constructor(readonly pool: pg.Pool) {}

  /** Connect, run pending migrations (once, under an advisory lock) and return the store. */
  static async open(url: string, opts: { max?: number; queryTimeoutMs?: number } = {}): Promise<PgStore> {
    // query_timeout: a database that stops answering (a network cut, SIGSTOP) fails the call
    // instead of holding it forever; the persistence layer keeps the updates and retries
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, connectionTimeoutMillis: 5000, query_timeout: opts.queryTimeoutMs ?? 10_000 });
    // an idle client that loses its connection must not crash the process
    pool.on('error', () => {});
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PgStore(pool);
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const c = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await c.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // after a failure the connection may be stuck behind a timed-out query: drop it
      c.release(failure);
    }
  }

  async createWorkshop(w: WorkshopRecord): Promise<void> {
    await this.pool.query('INSERT INTO workshops (id, join_code, title, created_at, org_id, unit_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      w.id,
      w.joinCode,
      w.title,
      w.createdAt,
      w.orgId ?? 'default',
      w.unitId ?? null,
    ]);
  }
  async getWorkshop(id: string): Promise<WorkshopRecord | undefined> {
    const r = await this.pool.query<WorkshopRecord>(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE id = $1`, [id]);
    return r.rows[0];
  }
  async findWorkshopByJoinCode(code: string): Promise<WorkshopRecord | undefined> {
    const r = await this.pool.query<WorkshopRecord>(`SELECT ${WORKSHOP_COLUMNS} FROM workshops WHERE join_code = $1`, [code]);
    return r.rows[0];
  }
  async setJoinCode(workshopId: string, joinCode: string, at: number): Promise<void> {
    await this.pool.query('UPDATE workshops SET join_code = $1, join_code_issued_at = $2, join_closed = false WHERE id = $3', [joinCode, at, workshopId]);
  }
  async setJoinClosed(workshopId: string, closed: boolean): Promise<void> {
    await this.pool.query('UPDATE workshops SET join_closed = $1 WHERE id = $2', [closed, workshopId]);
  }
  async revokeTokens(workshopId: string, role: Role, at: number): Promise<number> {
    const r = await this.pool.query('UPDATE tokens SET revoked_at = $1 WHERE workshop_id = $2 AND role = $3 AND revoked_at IS NULL', [at, workshopId, role]);
    return r.rowCount ?? 0;
  }
  async addToken(hash: string, t: TokenRecord): Promise<void> {
    await this.pool.query('INSERT INTO tokens (hash, workshop_id, role, name, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      hash,
      t.workshopId,
      t.role,
      t.name,
      t.kind,
      t.createdAt,
    ]);
  }
  async findToken(hash: string): Promise<TokenRecord | undefined> {
    const r = await this.pool.query<TokenRecord>(
      'SELECT workshop_id AS "workshopId", role, name, kind, created_at AS "createdAt" FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = r.rows[0];
    return row && isRole(row.role) ? row : undefined;
  }
  async listJoined(workshopId: string): Promise<{ kind: string; createdAt: number }[]> {
    const r = await this.pool.query<{ kind: string; createdAt: number }>(
      `SELECT kind, created_at AS "createdAt" FROM tokens WHERE workshop_id = $1 AND role = 'participant' ORDER BY created_at`,
      [workshopId],
    );
    return r.rows;
  }

  private async appendTx(c: Queryable, docName: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) return 0;
    // one statement for the batch; identity values follow the array's order
    const r = await c.query<{ seq: number }>(
      'INSERT INTO doc_updates (doc_name, data) SELECT $1, d FROM unnest($2::bytea[]) WITH ORDINALITY AS u(d, n) ORDER BY n RETURNING seq',
      [docName, updates.map(toBuf)],
    );
    return Math.max(...r.rows.map((row) => row.seq));
  }

  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.appendTx(this.pool, docName, updates);
  }

  async appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): Promise<number[]> {
    return this.tx(async (c) => {
      const out: number[] = [];
      for (const b of batches) out.push(await this.appendTx(c, b.docName, b.updates));
      return out;
    });
  }

  async loadDoc(docName: string): Promise<StoredDoc> {
    return this.tx(async (c) => {
      const snap = (await c.query<{ data: Buffer; upToSeq: number }>('SELECT data, up_to_seq AS "upToSeq" FROM doc_snapshots WHERE doc_name = $1', [docName])).rows[0];
      const rows = (await c.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc_name = $1 ORDER BY seq', [docName])).rows;
      const retired = (await c.query<{ id: number }>('SELECT client_id AS id FROM retired_clients WHERE doc_name = $1', [docName])).rows;
      const cached =
        snap && rows.length === 0
          ? (await c.query<{ data: Buffer; upToSeq: number }>('SELECT data, up_to_seq AS "upToSeq" FROM doc_sync_state WHERE doc_name = $1', [docName])).rows[0]
          : undefined;
      return {
        snapshot: snap ? toU8(snap.data) : null,
        updates: rows.map((r) => toU8(r.data)),
        lastSeq: rows.length ? rows[rows.length - 1]!.seq : (snap?.upToSeq ?? 0),
        updateSeqs: rows.map((r) => r.seq),
        retiredClients: retired.map((r) => r.id),
        syncState: cached && cached.upToSeq === snap!.upToSeq ? toU8(cached.data) : null,
      };
    }, 'REPEATABLE READ');
  }

  async cacheSyncState(docName: string, updateV1: Uint8Array, upToSeq: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO doc_sync_state (doc_name, data, up_to_seq) VALUES ($1, $2, $3)
       ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, up_to_seq = excluded.up_to_seq`,
      [docName, toBuf(updateV1), upToSeq],
    );
  }

  async hasSyncState(docName: string, upToSeq: number): Promise<boolean> {
    const r = await this.pool.query('SELECT 1 FROM doc_sync_state WHERE doc_name = $1 AND up_to_seq = $2', [docName, upToSeq]);
    return r.rowCount! > 0;
  }

  async compact(docName: string, snapshotV2: Uint8Array, upToSeq: number, mergedSeqs?: readonly number[]): Promise<void> {
    await this.rewrite(docName, snapshotV2, upToSeq, [], mergedSeqs);
  }

  async rewrite(docName: string, snapshotV2: Uint8Array, upToSeq: number, retiredClients: readonly number[], mergedSeqs?: readonly number[]): Promise<void> {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO doc_snapshots (doc_name, data, up_to_seq, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, up_to_seq = excluded.up_to_seq, updated_at = excluded.updated_at`,
        [docName, toBuf(snapshotV2), upToSeq, Date.now()],
      );
      await c.query('DELETE FROM doc_sync_state WHERE doc_name = $1', [docName]);
      if (mergedSeqs) await c.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq <= $2 AND seq = ANY($3::bigint[])', [docName, upToSeq, mergedSeqs]);
      else await c.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq <= $2', [docName, upToSeq]);
      if (retiredClients.length)
        await c.query('INSERT INTO retired_clients (doc_name, client_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING', [docName, retiredClients]);
    });
  }

  async saveVersion(docName: string, name: string, snapshotV2: Uint8Array, opts: { auto: boolean; itemCount: number; at: number }): Promise<number> {
    const r = await this.pool.query<{ id: number }>(
      'INSERT INTO versions (doc_name, name, data, auto, item_count, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [docName, name, toBuf(snapshotV2), opts.auto, opts.itemCount, opts.at],
    );
    return r.rows[0]!.id;
  }
  async listVersions(docName: string): Promise<VersionRecord[]> {
    const r = await this.pool.query<VersionRecord>(
      'SELECT id, doc_name AS "docName", name, created_at AS "createdAt", auto, item_count AS "itemCount" FROM versions WHERE doc_name = $1 ORDER BY id',
      [docName],
    );
    return r.rows;
  }
  async getVersion(docName: string, id: number): Promise<(VersionRecord & { snapshot: Uint8Array }) | undefined> {
    const r = await this.pool.query<VersionRecord & { data: Buffer }>(
      'SELECT id, doc_name AS "docName", name, created_at AS "createdAt", auto, item_count AS "itemCount", data FROM versions WHERE doc_name = $1 AND id = $2',
      [docName, id],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    const { data, ...rest } = row;
    return { ...rest, snapshot: toU8(data) };
  }

  async logAccess(a: AccessLogRecord): Promise<void> {
    await this.pool.query('INSERT INTO access_log (workshop_id, at, action, role, name, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      a.workshopId,
      a.at,
      a.action,
      a.role,
      a.name,
      a.detail,
    ]);
  }
  async listAccess(workshopId: string): Promise<AccessLogRecord[]> {
    const r = await this.pool.query<AccessLogRecord>(
      'SELECT workshop_id AS "workshopId", at, action, role, name, detail FROM access_log WHERE workshop_id = $1 ORDER BY id',
      [workshopId],
    );
    return r.rows;
  }

  async createOrg(o: OrgRecord): Promise<void> {
    await this.pool.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [o.id, o.name, o.createdAt]);
  }
  async getOrg(id: string): Promise<OrgRecord | undefined> {
    return (await this.pool.query<OrgRecord>('SELECT id, name, created_at AS "createdAt" FROM orgs WHERE id = $1', [id])).rows[0];
  }
  async listOrgs(): Promise<(OrgRecord & { workshops: number; coordinators: number })[]> {
    const r = await this.pool.query<OrgRecord & { workshops: number; coordinators: number }>(
      `SELECT o.id, o.name, o.created_at AS "createdAt", (SELECT COUNT(*) FROM workshops w WHERE w.org_id = o.id) AS workshops,
         (SELECT COUNT(*) FROM org_tokens t WHERE t.org_id = o.id AND t.revoked_at IS NULL) AS coordinators FROM orgs o ORDER BY o.created_at, o.id`,
    );
    return r.rows;
  }
  async addOrgToken(hash: string, t: OrgTokenRecord): Promise<void> {
    await this.pool.query('INSERT INTO org_tokens (hash, org_id, role, name, created_at) VALUES ($1, $2, $3, $4, $5)', [hash, t.orgId, t.role, t.name, t.createdAt]);
  }
  async findOrgToken(hash: string): Promise<OrgTokenRecord | undefined> {
    const r = await this.pool.query<OrgTokenRecord>(
      'SELECT org_id AS "orgId", role, name, created_at AS "createdAt" FROM org_tokens WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = r.rows[0];
    return row && row.role === 'coordinator' ? row : undefined;
  }
  async revokeOrgTokens(orgId: string, at: number): Promise<number> {
    return (await this.pool.query('UPDATE org_tokens SET revoked_at = $1 WHERE org_id = $2 AND revoked_at IS NULL', [at, orgId])).rowCount ?? 0;
  }
  async addUnits(units: readonly UnitRecord[]): Promise<void> {
    await this.tx(async (c) => {
      for (const u of units)
        await c.query('INSERT INTO units (id, org_id, parent_id, level, name, geometry, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          u.id,
          u.orgId,
          u.parentId,
          u.level,
          u.name,
          u.geometry,
          u.createdAt,
        ]);
    });
  }
  async listUnits(orgId: string): Promise<UnitRecord[]> {
    // created_at then insertion order (units of one import share created_at)
    return (await this.pool.query<UnitRecord>(`SELECT ${UNIT_COLUMNS} FROM units WHERE org_id = $1 ORDER BY created_at, ctid`, [orgId])).rows;
  }
  async deleteUnit(orgId: string, unitId: string): Promise<'deleted' | 'missing' | 'in-use'> {
    return this.tx(async (c) => {
      const found = await c.query('SELECT 1 FROM units WHERE org_id = $1 AND id = $2 FOR UPDATE', [orgId, unitId]);
      if (found.rowCount === 0) return 'missing';
      const used = await c.query('SELECT 1 FROM workshops WHERE unit_id = $1 UNION ALL SELECT 1 FROM units WHERE parent_id = $1 LIMIT 1', [unitId]);
      if (used.rowCount! > 0) return 'in-use';
      await c.query('DELETE FROM units WHERE org_id = $1 AND id = $2', [orgId, unitId]);
      return 'deleted';
    });
  }
  async setWorkshopOrg(workshopId: string, orgId: string, unitId: string | null): Promise<void> {
    await this.pool.query('UPDATE workshops SET org_id = $1, unit_id = $2 WHERE id = $3', [orgId, unitId, workshopId]);
  }
  async setWorkshopUnit(orgId: string, workshopId: string, unitId: string | null): Promise<'moved' | 'no-workshop' | 'no-unit'> {
    return this.tx(async (c) => {
      // the unit's row is share-locked: a concurrent deleteUnit (FOR UPDATE) waits and then sees the workshop in it
      if (unitId !== null && (await c.query('SELECT 1 FROM units WHERE org_id = $1 AND id = $2 FOR SHARE', [orgId, unitId])).rowCount === 0) return 'no-unit';
      const r = await c.query('UPDATE workshops SET unit_id = $1 WHERE id = $2 AND org_id = $3', [unitId, workshopId, orgId]);
      return r.rowCount === 1 ? 'moved' : 'no-workshop';
    });
  }
  async updateUnit(orgId: string, unitId: string, plan: (units: UnitRecord[]) => UnitRecord): Promise<UnitRecord | 'missing'> {
    // a refusal by the plan ends the transaction without writing (and keeps the connection: tx drops it after an error)
    let refusal: { err: unknown } | undefined;
    const result = await this.tx(async (c): Promise<UnitRecord | 'missing' | 'refused'> => {
      // every unit of the organisation locked: no concurrent edit or delete can make the plan's tree stale
      const units = (await c.query<UnitRecord>(`SELECT ${UNIT_COLUMNS} FROM units WHERE org_id = $1 ORDER BY created_at, ctid FOR UPDATE`, [orgId])).rows;
      if (!units.some((u) => u.id === unitId)) return 'missing';
      let next: UnitRecord;
      try {
        next = plan(units);
      } catch (err) {
        refusal = { err };
        return 'refused';
      }
      await c.query('UPDATE units SET parent_id = $1, level = $2, name = $3 WHERE org_id = $4 AND id = $5', [next.parentId, next.level, next.name, orgId, unitId]);
      return { ...next, id: unitId, orgId };
    });
    if (refusal) throw refusal.err;
    return result as UnitRecord | 'missing';
  }
  async setWorkshopEnded(workshopId: string, endedAt: number | null): Promise<void> {
    await this.pool.query('UPDATE workshops SET ended_at = $1 WHERE id = $2', [endedAt, workshopId]);
  }
  async touchWorkshop(workshopId: string, at: number): Promise<void> {
    await this.pool.query('UPDATE workshops SET last_activity_at = GREATEST(COALESCE(last_activity_at, 0), $1) WHERE id = $2', [at, workshopId]);
  }
  async listOrgWorkshops(orgId: string): Promise<OrgWorkshopRow[]> {
    return (await this.pool.query<OrgWorkshopRow>(`SELECT ${ORG_WORKSHOP_COLUMNS} FROM workshops w WHERE w.org_id = $1 ORDER BY w.created_at, w.id`, [orgId])).rows;
  }
  async listDigests(orgId: string): Promise<WorkshopDigestRecord[]> {
    const r = await this.pool.query<WorkshopDigestRecord>(
      `SELECT d.workshop_id AS "workshopId", d.up_to_seq AS "upToSeq", d.snapshot_at AS "snapshotAt", d.joined, d.data, d.updated_at AS "updatedAt"
       FROM workshop_digests d JOIN workshops w ON w.id = d.workshop_id WHERE w.org_id = $1`,
      [orgId],
    );
    return r.rows;
  }
  async putDigest(d: WorkshopDigestRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO workshop_digests (workshop_id, up_to_seq, snapshot_at, joined, data, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workshop_id) DO UPDATE SET up_to_seq = excluded.up_to_seq, snapshot_at = excluded.snapshot_at, joined = excluded.joined,
         data = excluded.data, updated_at = excluded.updated_at`,
      [d.workshopId, d.upToSeq, d.snapshotAt, d.joined, d.data, d.updatedAt],
    );
  }

  /** True when the database answers (for /healthz). */
  async ping(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)));
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Apply the migrations not yet recorded in schema_migrations, each in its own transaction. */
async function migrate(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of PG_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    c.release();
  }
}
