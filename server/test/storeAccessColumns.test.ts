import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqliteStore.js';

describe('SQLite store: join-code and revocation columns (issue 11)', () => {
  it('adds them to a file made before they existed, keeping its workshops and tokens', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-migrate-'));
    const old = new Database(path.join(dir, 'tsunagu.sqlite'));
    old.exec(`CREATE TABLE workshops (id TEXT PRIMARY KEY, join_code TEXT NOT NULL UNIQUE, title TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE tokens (hash TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshops(id), role TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
      INSERT INTO workshops VALUES ('abcdefgh12345678', '123456', '古いワークショップ', 1000);
      INSERT INTO tokens VALUES ('h-staff', 'abcdefgh12345678', 'staff', '', '', 1000);
      INSERT INTO tokens VALUES ('h-fac', 'abcdefgh12345678', 'facilitator', '', '', 1000);`);
    old.close();

    const store = new SqliteStore(dir, { backgroundCheckpoint: false });
    try {
      expect(store.getWorkshop('abcdefgh12345678')).toEqual({
        id: 'abcdefgh12345678',
        joinCode: '123456',
        title: '古いワークショップ',
        createdAt: 1000,
        joinCodeIssuedAt: 1000,
        joinClosed: false,
        // issue 14: a workshop of a file made before organisations is in the default organisation
        orgId: 'default',
        unitId: null,
        endedAt: null,
        lastActivityAt: null,
      });
      expect(store.getOrg('default')).toMatchObject({ name: '既定の組織' });
      expect(store.listOrgWorkshops('default').map((w) => w.id)).toEqual(['abcdefgh12345678']);
      expect(store.findToken('h-staff')?.role).toBe('staff');
      expect(store.revokeTokens('abcdefgh12345678', 'staff', 2000)).toBe(1);
      expect(store.findToken('h-staff')).toBeUndefined();
      expect(store.findToken('h-fac')?.role).toBe('facilitator');
      store.setJoinClosed('abcdefgh12345678', true);
      expect(store.findWorkshopByJoinCode('123456')?.joinClosed).toBe(true);
      store.setJoinCode('abcdefgh12345678', '654321', 3000);
      expect(store.findWorkshopByJoinCode('123456')).toBeUndefined();
      expect(store.findWorkshopByJoinCode('654321')).toMatchObject({ joinCodeIssuedAt: 3000, joinClosed: false });
    } finally {
      store.close();
    }
    // opening again does not add the columns twice
    new SqliteStore(dir, { backgroundCheckpoint: false }).close();
  });
});
