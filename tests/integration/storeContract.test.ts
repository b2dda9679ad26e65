import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PgStore, PG_UNIQUE_VIOLATION, type AsyncStore } from '@tsunagu/server';
import { openTestStore, type OpenedStore, type StoreKind } from '../helpers/stores.js';

/**
 * One contract, two stores: every case runs on the SQLite store (through the async adapter)
 * and on PostgreSQL (a throwaway server started by initdb/pg_ctl). The last block covers what
 * only a shared, networked database has to get right (concurrent writers, migrations).
 */

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);
const tokenRec = (workshopId: string, role: 'facilitator' | 'participant', createdAt: number, kind = '') => ({
  workshopId,
  role,
  name: role === 'participant' ? 'さくら' : '',
  kind,
  createdAt,
});

/** Real Yjs updates: three notes written one after another into a map. */
function noteUpdates(n: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) doc.getMap('items').set(`n${i}`, `付箋 ${i} 買い物が不便`);
  return { updates, doc };
}

function replay(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`Store contract on ${kind}`, () => {
    let opened: OpenedStore;
    let store: AsyncStore;
    beforeAll(async () => {
      opened = await openTestStore(kind);
      store = opened.store;
    }, 120_000);
    afterAll(async () => {
      await opened?.close();
    }, 60_000);

    it('keeps workshops, finds them by id and join code, and refuses a taken join code', async () => {
      await store.createWorkshop({ id: 'w1', joinCode: '123456', title: '中央小学校区', createdAt: 1_700_000_000_000 });
      expect(await store.getWorkshop('w1')).toEqual({
        id: 'w1',
        joinCode: '123456',
        title: '中央小学校区',
        createdAt: 1_700_000_000_000,
        joinCodeIssuedAt: 1_700_000_000_000,
        joinClosed: false,
        orgId: 'default',
        unitId: null,
        endedAt: null,
        lastActivityAt: null,
      });
      expect(await store.findWorkshopByJoinCode('123456')).toMatchObject({ id: 'w1' });
      expect(await store.getWorkshop('nope')).toBeUndefined();
      expect(await store.findWorkshopByJoinCode('000000')).toBeUndefined();
      const dup = store.createWorkshop({ id: 'w2', joinCode: '123456', title: 'x', createdAt: 1 });
      await expect(dup).rejects.toThrow();
      if (kind === 'postgres') await expect(dup).rejects.toMatchObject({ code: PG_UNIQUE_VIOLATION });
      expect(await store.getWorkshop('w2')).toBeUndefined();
    });

    it('rotates and closes join codes', async () => {
      await store.createWorkshop({ id: 'wj', joinCode: '333333', title: 'j', createdAt: 5 });
      await store.setJoinClosed('wj', true);
      expect(await store.getWorkshop('wj')).toMatchObject({ joinCode: '333333', joinClosed: true, joinCodeIssuedAt: 5 });
      await store.setJoinCode('wj', '444444', 50);
      expect(await store.getWorkshop('wj')).toMatchObject({ joinCode: '444444', joinClosed: false, joinCodeIssuedAt: 50 });
      expect(await store.findWorkshopByJoinCode('333333')).toBeUndefined();
      expect(await store.findWorkshopByJoinCode('444444')).toMatchObject({ id: 'wj' });
      await expect(store.setJoinCode('wj', '123456', 60)).rejects.toThrow(); // w1's code: UNIQUE
    });

    it('revokes the tokens of one role at once', async () => {
      await store.createWorkshop({ id: 'wr', joinCode: '555555', title: 'r', createdAt: 1 });
      await store.addToken('r-view1', { ...tokenRec('wr', 'facilitator', 1), role: 'viewer' });
      await store.addToken('r-view2', { ...tokenRec('wr', 'facilitator', 2), role: 'viewer' });
      await store.addToken('r-fac', tokenRec('wr', 'facilitator', 3));
      expect(await store.revokeTokens('wr', 'viewer', 100)).toBe(2);
      expect(await store.findToken('r-view1')).toBeUndefined();
      expect(await store.findToken('r-view2')).toBeUndefined();
      expect(await store.findToken('r-fac')).toMatchObject({ role: 'facilitator' });
      expect(await store.revokeTokens('wr', 'viewer', 200)).toBe(0);
    });

    it('keeps tokens and lists the participants who joined, in order', async () => {
      await store.createWorkshop({ id: 'wt', joinCode: '222222', title: 't', createdAt: 1 });
      await store.addToken('h-fac', tokenRec('wt', 'facilitator', 10));
      await store.addToken('h-p2', tokenRec('wt', 'participant', 30, 'csw'));
      await store.addToken('h-p1', tokenRec('wt', 'participant', 20, 'jumin'));
      expect(await store.findToken('h-fac')).toEqual(tokenRec('wt', 'facilitator', 10));
      expect(await store.findToken('h-p1')).toEqual(tokenRec('wt', 'participant', 20, 'jumin'));
      expect(await store.findToken('missing')).toBeUndefined();
      expect(await store.listJoined('wt')).toEqual([
        { kind: 'jumin', createdAt: 20 },
        { kind: 'csw', createdAt: 30 },
      ]);
      await expect(store.addToken('h-fac', tokenRec('wt', 'facilitator', 11))).rejects.toThrow();
    });

    it('appends updates in order and loads them back byte for byte', async () => {
      const { updates, doc } = noteUpdates(5);
      const a = await store.appendUpdates('ws-a', updates.slice(0, 2));
      const b = await store.appendUpdates('ws-a', updates.slice(2));
      expect(b).toBeGreaterThan(a);
      const loaded = await store.loadDoc('ws-a');
      expect(loaded.snapshot).toBeNull();
      expect(loaded.updates.map((x) => Array.from(x))).toEqual(updates.map((x) => Array.from(x)));
      expect(loaded.lastSeq).toBe(b);
      expect(loaded.updateSeqs).toHaveLength(5);
      expect(loaded.updateSeqs[1]).toBe(a);
      expect(loaded.updateSeqs[4]).toBe(b);
      expect(loaded.retiredClients).toEqual([]);
      expect(loaded.syncState).toBeNull();
      expect(replay(loaded).getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
      const empty = await store.loadDoc('never-written');
      expect(empty).toEqual({ snapshot: null, updates: [], lastSeq: 0, updateSeqs: [], retiredClients: [], syncState: null });
    });

    it('compacts exactly the named rows when given their seqs (several writers share the log)', async () => {
      const [s1, s2, s3] = [await store.appendUpdates('named', [u8(1)]), await store.appendUpdates('named', [u8(2)]), await store.appendUpdates('named', [u8(3)])];
      // rows 1 and 3 were merged; row 2 (another writer's) was not read
      await store.compact('named', u8(0), s3!, [s1!, s3!]);
      const after = await store.loadDoc('named');
      expect(after.updates.map((x) => Array.from(x))).toEqual([[2]]);
      expect(after.updateSeqs).toEqual([s2]);
    });

    it('appends several documents in one call and returns each one its last seq', async () => {
      const [x, y] = await store.appendMany([
        { docName: 'many-x', updates: [u8(1), u8(2)] },
        { docName: 'many-y', updates: [u8(3)] },
      ]);
      expect((await store.loadDoc('many-x')).lastSeq).toBe(x);
      expect((await store.loadDoc('many-y')).lastSeq).toBe(y);
      expect((await store.loadDoc('many-x')).updates.map((v) => Array.from(v))).toEqual([[1], [2]]);
    });

    it('compacts: the snapshot replaces the merged updates, later ones stay', async () => {
      const { updates, doc } = noteUpdates(6);
      const mid = await store.appendUpdates('ws-c', updates.slice(0, 4));
      const snapDoc = new Y.Doc();
      for (const u of updates.slice(0, 4)) Y.applyUpdate(snapDoc, u);
      const last = await store.appendUpdates('ws-c', updates.slice(4));
      await store.compact('ws-c', Y.encodeStateAsUpdateV2(snapDoc), mid);
      const loaded = await store.loadDoc('ws-c');
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates).toHaveLength(2);
      expect(loaded.lastSeq).toBe(last);
      expect(replay(loaded).getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
      await store.compact('ws-c', Y.encodeStateAsUpdateV2(doc), last);
      const again = await store.loadDoc('ws-c');
      expect(again.updates).toHaveLength(0);
      expect(again.lastSeq).toBe(last);
      expect(replay(again).getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
    });

    it('rewrites history and records the retired writers once', async () => {
      const { updates, doc } = noteUpdates(2);
      const seq = await store.appendUpdates('ws-r', updates);
      await store.rewrite('ws-r', Y.encodeStateAsUpdateV2(doc), seq, [11, 22]);
      await store.rewrite('ws-r', Y.encodeStateAsUpdateV2(doc), seq, [22, 33]);
      const loaded = await store.loadDoc('ws-r');
      expect([...loaded.retiredClients].sort((p, q) => p - q)).toEqual([11, 22, 33]);
      expect(loaded.updates).toHaveLength(0);
    });

    it('serves the cached sync state only while nothing follows the snapshot', async () => {
      const { updates, doc } = noteUpdates(3);
      const seq = await store.appendUpdates('ws-s', updates);
      await store.compact('ws-s', Y.encodeStateAsUpdateV2(doc), seq);
      expect(await store.hasSyncState('ws-s', seq)).toBe(false);
      const v1 = Y.encodeStateAsUpdate(doc);
      await store.cacheSyncState('ws-s', v1, seq);
      expect(await store.hasSyncState('ws-s', seq)).toBe(true);
      expect(await store.hasSyncState('ws-s', seq + 1)).toBe(false);
      expect(Array.from((await store.loadDoc('ws-s')).syncState!)).toEqual(Array.from(v1));
      // an update after the snapshot makes it stale
      const later = await store.appendUpdates('ws-s', [noteUpdates(1).updates[0]!]);
      expect((await store.loadDoc('ws-s')).syncState).toBeNull();
      // a new snapshot drops it
      await store.compact('ws-s', Y.encodeStateAsUpdateV2(doc), later);
      expect(await store.hasSyncState('ws-s', seq)).toBe(false);
      expect((await store.loadDoc('ws-s')).syncState).toBeNull();
    });

    it('keeps named and automatic versions per document', async () => {
      const { doc } = noteUpdates(2);
      const snap = Y.encodeStateAsUpdateV2(doc);
      const v1 = await store.saveVersion('ws-v', '分類の前', snap, { auto: false, itemCount: 2, at: 100 });
      const v2 = await store.saveVersion('ws-v', '自動保存', snap, { auto: true, itemCount: 2, at: 200 });
      await store.saveVersion('other', 'x', u8(0), { auto: false, itemCount: 0, at: 1 });
      expect(v2).toBeGreaterThan(v1);
      expect(await store.listVersions('ws-v')).toEqual([
        { id: v1, docName: 'ws-v', name: '分類の前', createdAt: 100, auto: false, itemCount: 2 },
        { id: v2, docName: 'ws-v', name: '自動保存', createdAt: 200, auto: true, itemCount: 2 },
      ]);
      const got = await store.getVersion('ws-v', v2);
      expect(got).toMatchObject({ id: v2, name: '自動保存', auto: true });
      expect(Array.from(got!.snapshot)).toEqual(Array.from(snap));
      expect(await store.getVersion('other', v2)).toBeUndefined();
    });

    it('keeps the access log per workshop, in order', async () => {
      const rec = (at: number, action: string) => ({ workshopId: 'wa', at, action, role: 'staff', name: '', detail: 'include=restricted' });
      await store.logAccess(rec(1, 'export.csv'));
      await store.logAccess(rec(2, 'export.geojson'));
      await store.logAccess({ ...rec(3, 'x'), workshopId: 'other' });
      expect(await store.listAccess('wa')).toEqual([rec(1, 'export.csv'), rec(2, 'export.geojson')]);
    });

    it('holds a 300-update log and a large snapshot', async () => {
      const { updates, doc } = noteUpdates(300);
      let seq = 0;
      for (let i = 0; i < updates.length; i += 50) seq = await store.appendUpdates('ws-big', updates.slice(i, i + 50));
      const loaded = await store.loadDoc('ws-big');
      expect(loaded.updates).toHaveLength(300);
      expect(loaded.lastSeq).toBe(seq);
      expect(replay(loaded).getMap('items').size).toBe(300);
      await store.compact('ws-big', Y.encodeStateAsUpdateV2(doc), seq);
      expect(replay(await store.loadDoc('ws-big')).getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
    });

    it('issue 14: organisations, coordinator tokens, units, org workshops with staleness stamps, digests', async () => {
      expect(await store.getOrg('default')).toMatchObject({ id: 'default', name: '既定の組織' });
      await store.createOrg({ id: 'o1', name: '川越市社協', createdAt: 5 });
      await store.createOrg({ id: 'o1', name: '上書きしない', createdAt: 6 });
      expect(await store.getOrg('o1')).toEqual({ id: 'o1', name: '川越市社協', createdAt: 5 });
      await store.addOrgToken('h-coord', { orgId: 'o1', role: 'coordinator', name: '田中', createdAt: 7 });
      expect(await store.findOrgToken('h-coord')).toEqual({ orgId: 'o1', role: 'coordinator', name: '田中', createdAt: 7 });
      expect(await store.findToken('h-coord')).toBeUndefined(); // never a workshop token
      expect((await store.listOrgs()).find((o) => o.id === 'o1')).toMatchObject({ workshops: 0, coordinators: 1 });
      expect(await store.revokeOrgTokens('o1', 8)).toBe(1);
      expect(await store.findOrgToken('h-coord')).toBeUndefined();

      await store.addUnits([
        { id: 'u-school', orgId: 'o1', parentId: null, level: 'school', name: '中央小学校区', geometry: '{"type":"Polygon","coordinates":[]}', createdAt: 9 },
        { id: 'u-j', orgId: 'o1', parentId: 'u-school', level: 'jichikai', name: '仲町自治会', geometry: null, createdAt: 9 },
      ]);
      await expect(store.addUnits([{ id: 'u-new', orgId: 'o1', parentId: null, level: 'school', name: 'x', geometry: null, createdAt: 10 }, { id: 'u-j', orgId: 'o1', parentId: null, level: 'school', name: 'dup', geometry: null, createdAt: 10 }])).rejects.toThrow();
      expect((await store.listUnits('o1')).map((u) => u.id)).toEqual(['u-school', 'u-j']); // all or nothing
      expect(await store.deleteUnit('o1', 'u-school')).toBe('in-use'); // it has a child
      expect(await store.deleteUnit('o2', 'u-j')).toBe('missing'); // another organisation's

      await store.createWorkshop({ id: 'wo1', joinCode: '765432', title: '仲町', createdAt: 11, orgId: 'o1', unitId: 'u-j' });
      expect(await store.deleteUnit('o1', 'u-j')).toBe('in-use');
      await store.addToken('h-p', tokenRec('wo1', 'participant', 12, 'jumin'));
      const seq = await store.appendUpdates('wo1', [u8(1), u8(2)]);
      await store.touchWorkshop('wo1', 50);
      await store.touchWorkshop('wo1', 40); // never goes back
      await store.setWorkshopEnded('wo1', 60);
      let [row] = await store.listOrgWorkshops('o1');
      expect(row).toMatchObject({ id: 'wo1', orgId: 'o1', unitId: 'u-j', joined: 1, lastSeq: seq, snapshotAt: 0, lastActivityAt: 50, endedAt: 60 });
      await store.compact('wo1', u8(9), seq);
      [row] = await store.listOrgWorkshops('o1');
      expect(row!.lastSeq).toBe(seq);
      expect(row!.snapshotAt).toBeGreaterThan(0);
      await store.putDigest({ workshopId: 'wo1', upToSeq: seq, snapshotAt: row!.snapshotAt, joined: 1, data: '{"v":1}', updatedAt: 70 });
      await store.putDigest({ workshopId: 'wo1', upToSeq: seq, snapshotAt: row!.snapshotAt, joined: 1, data: '{"v":1,"x":2}', updatedAt: 71 });
      expect(await store.listDigests('o1')).toEqual([{ workshopId: 'wo1', upToSeq: seq, snapshotAt: row!.snapshotAt, joined: 1, data: '{"v":1,"x":2}', updatedAt: 71 }]);
      expect(await store.listDigests('default')).toEqual([]);
      await store.setWorkshopOrg('wo1', 'default', null);
      expect((await store.listOrgWorkshops('o1')).length).toBe(0);
      expect(await store.deleteUnit('o1', 'u-j')).toBe('deleted');
    });

    it('units edit: a workshop moves between its organisation’s units; a unit is renamed and re-parented atomically with its check', async () => {
      await store.createOrg({ id: 'o3', name: '別の社協', createdAt: 1 });
      await store.addUnits([
        { id: 'e-chiku', orgId: 'o3', parentId: null, level: 'chiku', name: '北地区', geometry: null, createdAt: 1 },
        { id: 'e-school', orgId: 'o3', parentId: null, level: 'school', name: '北小', geometry: null, createdAt: 2 },
        { id: 'e-other', orgId: 'o1', parentId: null, level: 'school', name: 'o1 の区分', geometry: null, createdAt: 2 },
      ]);
      await store.createWorkshop({ id: 'we1', joinCode: '246810', title: '北', createdAt: 3, orgId: 'o3', unitId: null });
      expect(await store.setWorkshopUnit('o3', 'we1', 'e-school')).toBe('moved');
      expect((await store.listOrgWorkshops('o3'))[0]).toMatchObject({ id: 'we1', unitId: 'e-school' });
      expect(await store.setWorkshopUnit('o3', 'we1', 'e-other')).toBe('no-unit'); // another organisation's unit
      expect(await store.setWorkshopUnit('o1', 'we1', 'e-other')).toBe('no-workshop'); // another organisation's workshop
      expect((await store.listOrgWorkshops('o3'))[0]!.unitId).toBe('e-school');
      expect(await store.setWorkshopUnit('o3', 'we1', null)).toBe('moved');
      expect((await store.listOrgWorkshops('o3'))[0]!.unitId).toBeNull();

      const moved = await store.updateUnit('o3', 'e-school', (units) => {
        expect(units.map((u) => u.id)).toEqual(['e-chiku', 'e-school']);
        return { ...units[1]!, name: '北小学校区', parentId: 'e-chiku' };
      });
      expect(moved).toMatchObject({ id: 'e-school', orgId: 'o3', name: '北小学校区', parentId: 'e-chiku', level: 'school' });
      await expect(
        store.updateUnit('o3', 'e-chiku', (units) => {
          void units;
          throw new Error('refused by the plan');
        }),
      ).rejects.toThrow('refused by the plan');
      expect(await store.updateUnit('o1', 'e-school', (units) => units[0]!)).toBe('missing');
      expect((await store.listUnits('o3')).map((u) => [u.id, u.parentId, u.level, u.name])).toEqual([
        ['e-chiku', null, 'chiku', '北地区'],
        ['e-school', 'e-chiku', 'school', '北小学校区'],
      ]);
      // the store keeps answering after a refused plan (PostgreSQL: the connection is not lost)
      expect(await store.setWorkshopUnit('o3', 'we1', 'e-chiku')).toBe('moved');
    });
  });
}

describe('PostgreSQL: what a shared database must get right', () => {
  let opened: OpenedStore;
  let store: PgStore;
  beforeAll(async () => {
    opened = await openTestStore('postgres');
    store = opened.store as PgStore;
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
  }, 60_000);

  it('runs the migrations once, also when several instances start together', async () => {
    const others = await Promise.all([PgStore.open(opened.pg!.url), PgStore.open(opened.pg!.url), PgStore.open(opened.pg!.url)]);
    const r = await store.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(r.rows.map((x) => x.version)).toEqual([1, 2, 3]);
    await Promise.all(others.map((o) => o.close()));
  });

  it('compaction deletes exactly the merged rows, not a lower seq committed after the snapshot', async () => {
    // writer A takes a seq inside an open transaction; writer B commits a higher seq meanwhile
    const a = await store.pool.connect();
    try {
      await a.query('BEGIN');
      const lowSeq = (await a.query<{ seq: number }>("INSERT INTO doc_updates (doc_name, data) VALUES ('race', '\\x01') RETURNING seq")).rows[0]!.seq;
      const highSeq = await store.appendUpdates('race', [u8(2)]);
      expect(highSeq).toBeGreaterThan(lowSeq);
      // an instance loads what is committed (only B's row), merges it and compacts up to highSeq
      const seen = await store.loadDoc('race');
      expect(seen.lastSeq).toBe(highSeq);
      await a.query('COMMIT');
      expect(seen.updateSeqs).toEqual([highSeq]);
      await store.compact('race', u8(0), highSeq, seen.updateSeqs);
    } finally {
      a.release();
    }
    const after = await store.loadDoc('race');
    expect(after.updates.map((x) => Array.from(x))).toEqual([[1]]);
  });

  it('loads one consistent snapshot while a compaction commits', async () => {
    const { updates, doc } = noteUpdates(200);
    const seq = await store.appendUpdates('consistent', updates);
    const snap = Y.encodeStateAsUpdateV2(doc);
    const results = await Promise.all([
      store.loadDoc('consistent'),
      store.compact('consistent', snap, seq),
      store.loadDoc('consistent'),
      store.loadDoc('consistent'),
    ]);
    for (const loaded of [results[0], results[2], results[3]]) {
      expect(replay(loaded).getMap('items').size).toBe(200);
    }
  });
});
