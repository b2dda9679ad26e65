import { afterEach, describe, expect, test } from 'vitest';
import * as decoding from 'lib0/decoding';
import { addItem, itemsMap, parseNotice, MESSAGE_AUTH, type Notice } from '@tsunagu/shared';
import { SqliteAsyncStore, type TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';

/**
 * The SQLite file turned read-only mid-run. As root, chmod does not stop writes, so the real
 * database connection is switched with `PRAGMA query_only = ON`: every write then fails inside
 * SQLite itself with SQLITE_READONLY ("attempt to write a readonly database"), exercising the
 * real store and persistence layer. Expected: writes fail, the document stays in memory and
 * keeps syncing, clients are told, and nothing is lost once writes work again.
 */
const clients: TestClient[] = [];
let srv: TsunaguServer | null = null;
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv?.close();
  srv = null;
});

function withNotices(c: TestClient): TestClient & { notices: Notice[] } {
  const notices: Notice[] = [];
  c.provider.messageHandlers[MESSAGE_AUTH] = (_e, decoder) => {
    decoding.readVarUint(decoder);
    const n = parseNotice(decoding.readVarString(decoder));
    if (n) notices.push(n);
  };
  return Object.assign(c, { notices });
}

const metric = async (base: string, name: string) =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(base + '/metrics')).text())![1]);

describe('fault: storage becomes read-only mid-run', () => {
  test('writes fail, the document stays in memory, clients are told, nothing is lost when writable again', async () => {
    const dataDir = tmpDataDir('tsunagu-ro-');
    srv = await startServer({ dataDir, idleUnloadMs: 50 });
    const w = await createWorkshop(srv.url);
    const a = withNotices(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'はなこ')));
    const b = withNotices(connectClient(srv.url, w.id, w.facilitatorToken));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    const before = addItem(a.doc, { text: '読み取り専用になる前', category: 'sonota' });
    await waitFor(b.doc, () => itemsMap(b.doc).has(before), 5000, 'first note');

    // the database turns read-only
    const db = (srv.store as SqliteAsyncStore).sync.db;
    db.pragma('query_only = ON');
    const during: string[] = [];
    for (let i = 0; i < 30; i++) during.push(addItem(i % 2 ? a.doc : b.doc, { text: `書けない間の意見${i}`, category: 'sonota' }));
    await waitFor(b.doc, () => during.every((id) => itemsMap(b.doc).has(id)), 5000, 'still syncing while storage fails');
    await eventually(() => a.notices.some((n) => n.notice === 'save-failed') && b.notices.some((n) => n.notice === 'save-failed'), 5000, 'clients told');
    expect(a.notices.find((n) => n.notice === 'save-failed')!.ja).toContain('保存できていません');
    expect(await metric(srv.url, 'tsunagu_write_errors_total')).toBeGreaterThan(0);
    expect(await metric(srv.url, 'tsunagu_persistence_pending_updates')).toBeGreaterThan(0);

    // the document stays in memory: a newcomer gets everything, and the room is not unloaded
    const c = connectClient(srv.url, w.id, w.viewerToken);
    clients.push(c);
    await c.synced;
    expect([before, ...during].every((id) => itemsMap(c.doc).has(id))).toBe(true);
    for (const x of clients.splice(0)) x.destroy();
    await eventually(() => srv!.rooms.loadedRooms.every((r) => r.peers.size === 0), 5000, 'everyone left');
    await new Promise((r) => setTimeout(r, 200)); // several unload attempts (idleUnloadMs 50) must all fail
    expect(srv.rooms.loadedRooms.some((r) => r.name === w.id)).toBe(true);
    // the HTTP API still answers from memory
    expect((await api<{ counts: { items: number } }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.facilitatorToken)).body.counts.items).toBe(31);

    // writable again: a reconnected client is told it recovered; everything is written
    const d = withNotices(connectClient(srv.url, w.id, w.facilitatorToken));
    clients.push(d);
    await d.synced;
    db.pragma('query_only = OFF');
    await eventually(() => d.notices.some((n) => n.notice === 'save-recovered'), 10_000, 'recovered notice');
    await eventually(async () => (await metric(srv!.url, 'tsunagu_persistence_pending_updates')) === 0, 10_000, 'backlog written');

    // restart from disk: nothing lost
    d.destroy();
    clients.splice(0);
    await srv.close();
    srv = await startServer({ dataDir });
    const e = connectClient(srv.url, w.id, w.viewerToken);
    clients.push(e);
    await e.synced;
    expect([before, ...during].filter((id) => !itemsMap(e.doc).has(id))).toEqual([]);
  });
});
