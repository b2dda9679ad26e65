import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addItem, readItems, readMeta, readColumns } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { testStoreKind } from '../helpers/stores.js';
import { ROOT, api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, tmpDataDir, type TestClient } from '../helpers/server.js';

const run = promisify(execFile);
const clients: TestClient[] = [];
const servers: TsunaguServer[] = [];
const track = (c: TestClient) => (clients.push(c), c);
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

/** `npm run backup` as a separate process (what an operator runs beside the server). */
async function backupCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli/backup.ts'), ...args], { cwd: ROOT });
  return stdout;
}

const allFlushed = (srv: TsunaguServer) => srv.rooms.loadedRooms.every((r) => r.persistence.pendingCount === 0);

// The SQLite file backup (npm run backup); PostgreSQL is backed up with pg_dump (docs/DEPLOY.md).
// The JSON backup of one workshop runs on both stores: exportBackup.test.ts.
describe.skipIf(testStoreKind() === 'postgres')('backup', () => {
  test('an online backup taken while clients write restores to an identical server (docs, versions, tokens)', async () => {
    const dataDir = tmpDataDir();
    const srv = await startServer({ dataDir });
    servers.push(srv);
    const w1 = await createWorkshop(srv.url, '中央小学校区 第1回');
    const w2 = await createWorkshop(srv.url, '南小学校区 第1回', '南小学校区');
    const participant = await joinWorkshop(srv.url, w1.joinCode, 'はなこ', 'minsei');
    const a = track(connectClient(srv.url, w1.id, participant));
    const b = track(connectClient(srv.url, w2.id, w2.facilitatorToken));
    const staff = track(connectClient(srv.url, w1.id, w1.staffToken, { restricted: true }));
    // a restricted document is created when first opened: open both before the backup
    const staff2 = track(connectClient(srv.url, w2.id, w2.staffToken, { restricted: true }));
    await Promise.all([a.synced, b.synced, staff.synced, staff2.synced]);
    addItem(staff.doc, { text: '見守りが必要な世帯', category: 'shinpai' });
    for (let i = 0; i < 20; i++) addItem(b.doc, { text: `南の意見${i}`, category: 'sonota' });
    await eventually(() => allFlushed(srv), 5000, 'flushed');
    expect((await api(srv.url, 'POST', `/api/workshops/${w1.id}/snapshots`, { name: '休憩前' }, w1.facilitatorToken)).status).toBe(201);

    // 1) a backup while a client keeps writing: it succeeds and is a consistent database
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        addItem(a.doc, { text: `書き込み中${n++}`, category: 'sonota' });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const during = path.join(tmpDataDir('tsunagu-backup-'), 'during.sqlite');
    await eventually(() => n > 20, 5000, 'writer running');
    const out1 = await backupCli('--data-dir', dataDir, '--out', during);
    const writtenDuring = n;
    writing = false;
    await writer;
    expect(out1).toContain('backup written');
    expect(fs.statSync(during).size).toBeGreaterThan(0);
    expect(writtenDuring).toBeGreaterThan(20);

    // 2) once everything is written, a backup of the running server restores to an identical one
    await eventually(() => allFlushed(srv), 5000, 'flushed after writing');
    const dir = tmpDataDir('tsunagu-backup-');
    const file = path.join(dir, 'final.sqlite');
    const out2 = await backupCli('--data-dir', dataDir, '--out', file);
    expect(out2).toContain(`BACKUP_FILE=${file}`);
    const restoredDir = path.join(dir, 'restored');
    await backupCli('--restore', file, '--data-dir', restoredDir);
    await expect(backupCli('--restore', file, '--data-dir', restoredDir)).rejects.toThrow(); // never overwrites

    const copy = await startServer({ dataDir: restoredDir });
    servers.push(copy);
    for (const [w, tokens] of [
      [w1, [w1.facilitatorToken, w1.staffToken, w1.viewerToken, participant]],
      [w2, [w2.facilitatorToken, w2.staffToken, w2.viewerToken]],
    ] as const) {
      // same tokens, same roles and the same answers
      for (const t of tokens) {
        const x = await api<Record<string, unknown>>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, t);
        const y = await api<Record<string, unknown>>(copy.url, 'GET', `/api/workshops/${w.id}`, undefined, t);
        expect(y.status).toBe(200);
        expect({ ...y.body, joinUrl: undefined }).toEqual({ ...x.body, joinUrl: undefined });
      }
      // same documents, public and restricted
      for (const restricted of [false, true]) {
        const orig = track(connectClient(srv.url, w.id, w.staffToken, { restricted }));
        const back = track(connectClient(copy.url, w.id, w.staffToken, { restricted }));
        await Promise.all([orig.synced, back.synced]);
        expect(Y.encodeStateVector(back.doc)).toEqual(Y.encodeStateVector(orig.doc));
        expect(readItems(back.doc, { includeDeleted: true })).toEqual(readItems(orig.doc, { includeDeleted: true }));
        expect(readMeta(back.doc)).toEqual(readMeta(orig.doc));
        expect(readColumns(back.doc)).toEqual(readColumns(orig.doc));
      }
      // same versions
      const v1 = await api(srv.url, 'GET', `/api/workshops/${w.id}/snapshots`, undefined, w.facilitatorToken);
      const v2 = await api(copy.url, 'GET', `/api/workshops/${w.id}/snapshots`, undefined, w.facilitatorToken);
      expect(v2.body).toEqual(v1.body);
    }
    // the join code still works on the restored server
    expect((await api(copy.url, 'POST', '/api/join', { code: w1.joinCode, name: 'たろう', role: 'jumin' })).status).toBe(200);
    const back = track(connectClient(copy.url, w1.id, participant));
    await back.synced;
    expect(readItems(back.doc).filter((i) => i.text.startsWith('書き込み中'))).toHaveLength(n);
  });
});
