import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SqliteStore } from '../src/store/sqliteStore.js';
import { withFreshJoinCode } from '../src/workshops/joinCodes.js';

describe('join codes', () => {
  test('a code taken meanwhile is refused by the UNIQUE constraint and another one drawn', async () => {
    const store = new SqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-codes-')), { backgroundCheckpoint: false });
    try {
      store.createWorkshop({ id: 'w1', joinCode: '123456', title: 'a', createdAt: 1 });
      let tries = 0;
      // the first attempt collides (as when another instance drew the same code at once)
      const { joinCode } = await withFreshJoinCode(async (code) => {
        tries++;
        store.createWorkshop({ id: 'w2', joinCode: tries === 1 ? '123456' : code, title: 'b', createdAt: 2 });
      });
      expect(tries).toBe(2);
      expect(store.getWorkshop('w2')?.joinCode).toBe(joinCode);
      await expect(
        withFreshJoinCode(() => Promise.reject(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }))),
      ).rejects.toThrow('disk full');
    } finally {
      store.close();
    }
  });
});
