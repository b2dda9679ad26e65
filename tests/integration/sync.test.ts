import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CURRENT_SCHEMA, addItem, itemsMap, readItems, readMeta, readColumns, LOCAL } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, joinWorkshop, startServer, waitFor, type TestClient } from '../helpers/server.js';

let srv: TsunaguServer;
const clients: TestClient[] = [];
const track = (c: TestClient) => (clients.push(c), c);

beforeEach(async () => {
  srv = await startServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv.close();
});

/** Open a raw websocket and report how the upgrade ended (HTTP status or 'open'). */
function upgradeStatus(url: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('sync', () => {
  test('a new workshop arrives with meta, default columns and categories', async () => {
    const w = await createWorkshop(srv.url, '第1回 中央地区', '中央小学校区');
    const token = await joinWorkshop(srv.url, w.joinCode, 'はなこ', 'jumin');
    const a = track(connectClient(srv.url, w.id, token));
    await a.synced;
    expect(readMeta(a.doc)).toMatchObject({ schema: CURRENT_SCHEMA, title: '第1回 中央地区', district: '中央小学校区', phase: 'collect' });
    expect(readColumns(a.doc).map((c) => c.id)).toEqual(['pool', 'gyosei', 'jumin', 'kyodo']);
  });

  test('a participant and a CSW converge, including concurrent typing in her note', async () => {
    // (only its author and staff may type in a note: see tests/integration/authorization.test.ts)
    const w = await createWorkshop(srv.url);
    const a = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'A', 'jumin')));
    const b = track(connectClient(srv.url, w.id, w.staffToken));
    await Promise.all([a.synced, b.synced]);

    const id = addItem(a.doc, { text: '買い物に行けない', category: 'ido', authorName: 'A', authorRole: 'jumin' });
    await waitFor(b.doc, () => readItems(b.doc).some((i) => i.id === id), 5000, 'item on B');

    // both type into the same Y.Text at once
    const textA = itemsMap(a.doc).get(id)!.get('text') as Y.Text;
    const textB = itemsMap(b.doc).get(id)!.get('text') as Y.Text;
    a.doc.transact(() => textA.insert(0, '高齢で'), LOCAL);
    b.doc.transact(() => textB.insert(textB.length, '（バスが少ない）'), LOCAL);
    const expectBoth = (d: Y.Doc) => {
      const t = readItems(d).find((i) => i.id === id)!.text;
      return t.includes('高齢で') && t.includes('（バスが少ない）') && t.includes('買い物に行けない');
    };
    await waitFor(a.doc, () => expectBoth(a.doc), 5000, 'merge on A');
    await waitFor(b.doc, () => expectBoth(b.doc), 5000, 'merge on B');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  test("a viewer's write never reaches others and is not stored", async () => {
    const w = await createWorkshop(srv.url);
    const viewer = track(connectClient(srv.url, w.id, w.viewerToken));
    const p = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode)));
    await Promise.all([viewer.synced, p.synced]);
    addItem(viewer.doc, { text: '閲覧者の書き込み', category: 'ido' });
    // a later write from the participant: once it arrives at a fresh client, the viewer's
    // earlier write would have arrived too, had the server accepted it
    addItem(p.doc, { text: '参加者の書き込み', category: 'ido' });
    const fresh = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await fresh.synced;
    await waitFor(fresh.doc, () => readItems(fresh.doc).some((i) => i.text === '参加者の書き込み'), 5000, 'participant note');
    await waitFor(p.doc, () => true);
    expect(readItems(fresh.doc).map((i) => i.text)).toEqual(['参加者の書き込み']);
    expect(readItems(p.doc).map((i) => i.text)).toEqual(['参加者の書き込み']);
    // and the viewer still receives others' writes
    await waitFor(viewer.doc, () => readItems(viewer.doc).some((i) => i.text === '参加者の書き込み'), 5000, 'viewer receives');
  });

  test('a wrong or missing token gets 401 before the upgrade; a participant cannot open /staff', async () => {
    const w = await createWorkshop(srv.url);
    const other = await createWorkshop(srv.url, '別のワークショップ');
    const wsBase = srv.url.replace('http', 'ws');
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}`)).toBe(401);
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}?token=${other.facilitatorToken}`)).toBe(401);
    const participant = await joinWorkshop(srv.url, w.joinCode);
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}/staff?token=${participant}`)).toBe(403);
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}/staff?token=${w.viewerToken}`)).toBe(403);
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}/staff?token=${w.staffToken}`)).toBe('open');
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}?token=${participant}`)).toBe('open');
    expect(await upgradeStatus(`${wsBase}/sync/..%2F..%2Fetc?token=${participant}`)).toBe(400);
  });

  test('the restricted document is separate: staff see it, the public doc never holds it', async () => {
    const w = await createWorkshop(srv.url);
    const staffA = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    const staffB = track(connectClient(srv.url, w.id, w.facilitatorToken, { restricted: true }));
    const pub = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode)));
    await Promise.all([staffA.synced, staffB.synced, pub.synced]);
    addItem(staffA.doc, { text: '一人暮らしで最近見かけない', category: 'shinpai', lat: 35.92, lng: 139.48 });
    await waitFor(staffB.doc, () => readItems(staffB.doc).length === 1, 5000, 'restricted item on staff B');
    expect(readItems(pub.doc)).toEqual([]);
  });

  test('HTTP API: validation, 401/404/413, and workshop info by token', async () => {
    expect((await api(srv.url, 'POST', '/api/workshops', '{not json')).status).toBe(400);
    expect((await api(srv.url, 'POST', '/api/workshops', { title: '' })).status).toBe(400);
    expect((await api(srv.url, 'POST', '/api/workshops', { title: 'x', center: [200, 0] })).status).toBe(400);
    const big = { title: 'x', district: 'y'.repeat(200_000) };
    expect((await api(srv.url, 'POST', '/api/workshops', big)).status).toBe(413);
    const w = await createWorkshop(srv.url, 'テスト');
    expect((await api(srv.url, 'POST', '/api/join', { code: '000000x', name: 'a', role: 'jumin' })).status).toBe(400);
    expect((await api(srv.url, 'POST', '/api/join', { code: w.joinCode, name: 'a', role: 'king' })).status).toBe(400);
    // full-width digits in the code are accepted (phones often type them)
    const fw = w.joinCode.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect((await api(srv.url, 'POST', '/api/join', { code: fw, name: 'a', role: 'jumin' })).status).toBe(200);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`)).status).toBe(401);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, 'nope')).status).toBe(401);
    expect((await api(srv.url, 'GET', `/api/workshops/zzzzzzzzzzzz`, undefined, w.facilitatorToken)).status).toBe(404);
    const info = await api<Record<string, unknown>>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.facilitatorToken);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ id: w.id, title: 'テスト', role: 'facilitator', joinCode: w.joinCode });
    const p = await joinWorkshop(srv.url, w.joinCode, 'ゆき', 'minsei');
    const pinfo = await api<Record<string, unknown>>(srv.url, 'GET', `/api/workshops/${w.id}?token=${p}`);
    expect(pinfo.body).toMatchObject({ role: 'participant', name: 'ゆき', kind: 'minsei' });
    expect(pinfo.body.joinCode).toBeUndefined();
    expect((await api(srv.url, 'GET', '/healthz')).body).toEqual({ ok: true });
  });
});
