import type { SqliteStore } from './sqliteStore.js';
import type { AccessLogRecord, OrgRecord, OrgTokenRecord, OrgWorkshopRow, Store, StoredDoc, TokenRecord, UnitRecord, VersionRecord, WorkshopDigestRecord, WorkshopRecord } from './store.js';
import type { Role } from '@tsunagu/shared';

/**
 * The Store contract with every method returning a Promise: what a networked database
 * (PostgreSQL, pgStore.ts) can offer, and what the server calls. It is derived from `Store`
 * mechanically, so a method added to `Store` (and to SqliteStore) is required of PgStore by
 * the type checker at once.
 */
export type AsyncStore = {
  [K in keyof Store]: Store[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** A store that can tell whether its database answers (PgStore; /healthz reads it). */
export interface PingableStore {
  ping(): Promise<boolean>;
}

export const isPingable = (s: object): s is PingableStore => typeof (s as Partial<PingableStore>).ping === 'function';

/**
 * A synchronous store (SqliteStore) seen through the async contract: each call runs at once,
 * synchronously, and its result or error is wrapped in a settled Promise. The contract tests
 * run the same cases through this adapter and through PgStore.
 */
export function asAsyncStore(store: Store): AsyncStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args));
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      };
    },
  }) as unknown as AsyncStore;
}

/**
 * The server's view of the embedded SQLite store: the same synchronous calls, each wrapped in
 * an already-settled Promise (no thread hop, no timer: the write has committed when the call
 * returns, and the caller continues in the next microtask). `sync` is the store itself, for
 * tools and tests that need the SQLite file (backups, WAL checks).
 */
export class SqliteAsyncStore implements AsyncStore {
  constructor(readonly sync: SqliteStore) {}

  async createWorkshop(w: WorkshopRecord): Promise<void> {
    this.sync.createWorkshop(w);
  }
  async getWorkshop(id: string): Promise<WorkshopRecord | undefined> {
    return this.sync.getWorkshop(id);
  }
  async findWorkshopByJoinCode(code: string): Promise<WorkshopRecord | undefined> {
    return this.sync.findWorkshopByJoinCode(code);
  }
  async addToken(tokenHash: string, t: TokenRecord): Promise<void> {
    this.sync.addToken(tokenHash, t);
  }
  async findToken(tokenHash: string): Promise<TokenRecord | undefined> {
    return this.sync.findToken(tokenHash);
  }
  async setJoinCode(workshopId: string, joinCode: string, at: number): Promise<void> {
    this.sync.setJoinCode(workshopId, joinCode, at);
  }
  async setJoinClosed(workshopId: string, closed: boolean): Promise<void> {
    this.sync.setJoinClosed(workshopId, closed);
  }
  async revokeTokens(workshopId: string, role: Role, at: number): Promise<number> {
    return this.sync.revokeTokens(workshopId, role, at);
  }
  async listJoined(workshopId: string): Promise<{ kind: string; createdAt: number }[]> {
    return this.sync.listJoined(workshopId);
  }
  async appendUpdates(docName: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.sync.appendUpdates(docName, updates);
  }
  async appendMany(batches: readonly { docName: string; updates: readonly Uint8Array[] }[]): Promise<number[]> {
    return this.sync.appendMany(batches);
  }
  async loadDoc(docName: string): Promise<StoredDoc> {
    return this.sync.loadDoc(docName);
  }
  async compact(docName: string, snapshotV2: Uint8Array, upToSeq: number, mergedSeqs?: readonly number[]): Promise<void> {
    this.sync.compact(docName, snapshotV2, upToSeq, mergedSeqs);
  }
  async rewrite(docName: string, snapshotV2: Uint8Array, upToSeq: number, retiredClients: readonly number[], mergedSeqs?: readonly number[]): Promise<void> {
    this.sync.rewrite(docName, snapshotV2, upToSeq, retiredClients, mergedSeqs);
  }
  async cacheSyncState(docName: string, updateV1: Uint8Array, upToSeq: number): Promise<void> {
    this.sync.cacheSyncState(docName, updateV1, upToSeq);
  }
  async hasSyncState(docName: string, upToSeq: number): Promise<boolean> {
    return this.sync.hasSyncState(docName, upToSeq);
  }
  async saveVersion(docName: string, name: string, snapshotV2: Uint8Array, opts: { auto: boolean; itemCount: number; at: number }): Promise<number> {
    return this.sync.saveVersion(docName, name, snapshotV2, opts);
  }
  async listVersions(docName: string): Promise<VersionRecord[]> {
    return this.sync.listVersions(docName);
  }
  async getVersion(docName: string, id: number): Promise<(VersionRecord & { snapshot: Uint8Array }) | undefined> {
    return this.sync.getVersion(docName, id);
  }
  async logAccess(rec: AccessLogRecord): Promise<void> {
    this.sync.logAccess(rec);
  }
  async listAccess(workshopId: string): Promise<AccessLogRecord[]> {
    return this.sync.listAccess(workshopId);
  }
  async createOrg(o: OrgRecord): Promise<void> {
    this.sync.createOrg(o);
  }
  async getOrg(id: string): Promise<OrgRecord | undefined> {
    return this.sync.getOrg(id);
  }
  async listOrgs(): Promise<(OrgRecord & { workshops: number; coordinators: number })[]> {
    return this.sync.listOrgs();
  }
  async addOrgToken(tokenHash: string, t: OrgTokenRecord): Promise<void> {
    this.sync.addOrgToken(tokenHash, t);
  }
  async findOrgToken(tokenHash: string): Promise<OrgTokenRecord | undefined> {
    return this.sync.findOrgToken(tokenHash);
  }
  async revokeOrgTokens(orgId: string, at: number): Promise<number> {
    return this.sync.revokeOrgTokens(orgId, at);
  }
  async addUnits(units: readonly UnitRecord[]): Promise<void> {
    this.sync.addUnits(units);
  }
  async listUnits(orgId: string): Promise<UnitRecord[]> {
    return this.sync.listUnits(orgId);
  }
  async deleteUnit(orgId: string, unitId: string): Promise<'deleted' | 'missing' | 'in-use'> {
    return this.sync.deleteUnit(orgId, unitId);
  }
  async setWorkshopOrg(workshopId: string, orgId: string, unitId: string | null): Promise<void> {
    this.sync.setWorkshopOrg(workshopId, orgId, unitId);
  }
  async setWorkshopUnit(orgId: string, workshopId: string, unitId: string | null): Promise<'moved' | 'no-workshop' | 'no-unit'> {
    return this.sync.setWorkshopUnit(orgId, workshopId, unitId);
  }
  async updateUnit(orgId: string, unitId: string, plan: (units: UnitRecord[]) => UnitRecord): Promise<UnitRecord | 'missing'> {
    return this.sync.updateUnit(orgId, unitId, plan);
  }
  async setWorkshopEnded(workshopId: string, endedAt: number | null): Promise<void> {
    this.sync.setWorkshopEnded(workshopId, endedAt);
  }
  async touchWorkshop(workshopId: string, at: number): Promise<void> {
    this.sync.touchWorkshop(workshopId, at);
  }
  async listOrgWorkshops(orgId: string): Promise<OrgWorkshopRow[]> {
    return this.sync.listOrgWorkshops(orgId);
  }
  async listDigests(orgId: string): Promise<WorkshopDigestRecord[]> {
    return this.sync.listDigests(orgId);
  }
  async putDigest(d: WorkshopDigestRecord): Promise<void> {
    this.sync.putDigest(d);
  }
  async close(): Promise<void> {
    this.sync.close();
  }
}
