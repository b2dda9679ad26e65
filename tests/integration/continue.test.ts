import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  addArea,
  addItem,
  createAction,
  readActions,
  readItems,
  readMeta,
  setActionStatus,
  startVote,
  placeDot,
  syncRoomName,
} from '@tsunagu/shared';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type TestClient } from '../helpers/server.js';
import type { TsunaguServer } from '@tsunagu/server';

/**
 * 「前回の続きでつくる」: the next meeting of a district is created from the earlier one; its
 * actions (with status and history), resources, areas and unresolved issues come along, linked
 * to where they came from; nothing restricted does; a stale link or a wrong token is refused.
 */
describe('continue a workshop (前回の続き)', () => {
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

  test('carries actions, resources, areas and open issues; refuses stale links and other tokens', async () => {
    const w = await createWorkshop(srv.url, '中央小学校区 ワークショップ', '中央小学校区');
    const fac = track(connectClient(srv.url, w.id, w.facilitatorToken));
    const staffRes = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    await Promise.all([fac.synced, staffRes.synced]);
    const d = fac.doc;
    addArea(d, { name: '仲町自治会', kind: 'jichikai', polygon: [[35.92, 139.48], [35.93, 139.48], [35.93, 139.49], [35.92, 139.49]] });
    const salon = addItem(d, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92, lng: 139.48 });
    const wish = addItem(d, { text: '移動販売があったらいいな', category: 'attara' });
    const solved = addItem(d, { text: 'ゴミ出しが大変', category: 'sumai', column: 'jumin' });
    const open = addItem(d, { text: '買い物に行けない', category: 'ido', column: 'kyodo' });
    const a1 = createAction(d, { title: 'ゴミ出し当番表をつくる', side: 'jumin', owner: '〇〇町自治会', sources: [solved] });
    setActionStatus(d, a1, 'kanryo', '当番表ができて回り始めた', '司会');
    const a2 = createAction(d, { title: '移動販売の誘致', side: 'kyodo', owner: '地域包括', sources: [open, wish], checkAt: '2027-03-01' });
    setActionStatus(d, a2, 'junbi', '業者に相談を始めた', '司会');
    startVote(d, 3);
    placeDot(d, open, 'someone');
    addItem(staffRes.doc, { text: '一人暮らしの高齢者', category: 'shinpai' });
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.name === syncRoomName(w.id) && readActions(r.doc).length === 2 && readActions(r.doc)[1]!.status === 'junbi'), 5000, 'saved on the server');
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.restricted && readItems(r.doc).length === 1), 5000, 'restricted item on the server');

    // refusals: a stale link, a participant, a staff token, another workshop's facilitator
    expect((await api(srv.url, 'POST', '/api/workshops/NoSuchWorkshop01/continue', {}, w.facilitatorToken)).status).toBe(404);
    const participant = await joinWorkshop(srv.url, w.joinCode);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/continue`, {}, participant)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/continue`, {}, w.staffToken)).status).toBe(403);
    const other = await createWorkshop(srv.url, '別の地区');
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/continue`, {}, other.facilitatorToken)).status).toBe(401);

    const r = await api<{ id: string; facilitatorToken: string; staffToken: string; joinCode: string }>(srv.url, 'POST', `/api/workshops/${w.id}/continue`, {}, w.facilitatorToken);
    expect(r.status).toBe(201);
    expect(r.body.joinCode).toMatch(/^\d{6}$/);
    const next = track(connectClient(srv.url, r.body.id, r.body.facilitatorToken));
    const nextRes = track(connectClient(srv.url, r.body.id, r.body.staffToken, { restricted: true }));
    await Promise.all([next.synced, nextRes.synced]);
    expect(readMeta(next.doc)).toMatchObject({ title: '中央小学校区 ワークショップ（第2回）', district: '中央小学校区', phase: 'review', continuesFrom: w.id, session: 2 });
    const items = new Map(readItems(next.doc).map((i) => [i.id, i]));
    expect([...items.keys()].sort()).toEqual([salon, wish, open].sort());
    expect(items.get(open)).toMatchObject({ text: '買い物に行けない', column: 'kyodo', votes: {} });
    expect((next.doc.getMap('items').get(open) as { get(k: string): unknown }).get('carriedFrom')).toBe(`${w.id}:${open}`);
    const actions = new Map(readActions(next.doc).map((a) => [a.id, a]));
    expect(actions.get(a1)).toMatchObject({ status: 'kanryo', sources: [], carriedFrom: `${w.id}:${a1}` });
    expect(actions.get(a2)).toMatchObject({ status: 'junbi', owner: '地域包括', checkAt: '2027-03-01', sources: [open, wish] });
    expect(actions.get(a2)!.history).toMatchObject([{ from: 'kento', to: 'junbi', text: '業者に相談を始めた' }]);
    expect(next.doc.getMap('areas').size).toBe(1);
    expect(readItems(nextRes.doc)).toEqual([]); // nothing restricted comes along
    // a meeting that continues is itself continued: the series numbers on
    const third = await api<{ id: string; facilitatorToken: string }>(srv.url, 'POST', `/api/workshops/${r.body.id}/continue`, { title: '第3回 中央' }, r.body.facilitatorToken);
    expect(third.status).toBe(201);
    const c3 = track(connectClient(srv.url, third.body.id, third.body.facilitatorToken));
    await c3.synced;
    expect(readMeta(c3.doc)).toMatchObject({ title: '第3回 中央', continuesFrom: r.body.id, session: 3 });
  });

  test('participants read actions but cannot change them (the server refuses)', async () => {
    const w = await createWorkshop(srv.url);
    const fac = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await fac.synced;
    const a = createAction(fac.doc, { title: '見守りの輪を広げる', side: 'kyodo' });
    const p = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode)));
    await p.synced;
    await waitFor(p.doc, () => readActions(p.doc).some((x) => x.id === a), 5000, 'action visible to the participant');
    const closed = new Promise<number>((resolve) => p.provider.on('connection-close', (ev: CloseEvent | null) => ev && resolve(ev.code)));
    setActionStatus(p.doc, a, 'kanryo', 'やったことにする', 'さくら');
    expect(await closed).toBe(4413);
    await new Promise((r) => setTimeout(r, 200));
    expect(readActions(fac.doc).find((x) => x.id === a)!.status).toBe('kento');
  });

  test('the 成果把握 report follows the series back to its first meeting, public data only', async () => {
    const w = await createWorkshop(srv.url, '南地区', '南小学校区');
    const fac = track(connectClient(srv.url, w.id, w.facilitatorToken));
    const res = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    await Promise.all([fac.synced, res.synced]);
    await joinWorkshop(srv.url, w.joinCode, 'さくら', 'jumin');
    await joinWorkshop(srv.url, w.joinCode, 'たろう', 'minsei');
    const need = addItem(fac.doc, { text: '坂道がきつい', category: 'ido' });
    const a = createAction(fac.doc, { title: 'ベンチを置く', side: 'gyosei', owner: '道路課', sources: [need] });
    addItem(res.doc, { text: '山田さん宅が心配', category: 'shinpai' });
    await eventually(() => srv.rooms.loadedRooms.some((r) => !r.restricted && readActions(r.doc).length === 1), 5000, 'action saved');
    const next = await api<{ id: string; facilitatorToken: string; staffToken: string; joinCode: string }>(srv.url, 'POST', `/api/workshops/${w.id}/continue`, {}, w.facilitatorToken);
    const fac2 = track(connectClient(srv.url, next.body.id, next.body.facilitatorToken));
    await fac2.synced;
    setActionStatus(fac2.doc, a, 'jisshi', '坂の途中に2基置いた', '道路課');
    await joinWorkshop(srv.url, next.body.joinCode, 'はなこ', 'jumin');
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === next.body.id && !r.restricted && readActions(r.doc)[0]?.status === 'jisshi'), 5000, 'status saved');

    const participant = await joinWorkshop(srv.url, next.body.joinCode);
    expect((await api(srv.url, 'GET', `/api/workshops/${next.body.id}/report.json`, undefined, participant)).status).toBe(403);
    const r = await api<{ sessions: { session: number; participants: number; changes: { text: string }[] }[]; actions: { status: string }[] }>(srv.url, 'GET', `/api/workshops/${next.body.id}/report.json`, undefined, next.body.staffToken);
    expect(r.status).toBe(200);
    expect(r.body.sessions.map((s) => [s.session, s.participants])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(r.body.sessions[1]!.changes.map((c) => c.text)).toEqual(['坂の途中に2基置いた']);
    expect(r.body.actions.map((x) => x.status)).toEqual(['jisshi']);
    const csv = await fetch(`${srv.url}/api/workshops/${next.body.id}/report.csv`, { headers: { authorization: `Bearer ${next.body.facilitatorToken}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('【どう変わったか】');
    expect(text).toContain('坂の途中に2基置いた');
    for (const body of [JSON.stringify(r.body), text]) expect(body).not.toContain('山田さん');
  });
});
