import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { addItem, itemsMap, parseNotice, readItems, CLOSE, LOCAL, MESSAGE_AUTH, MESSAGE_SYNC, type Notice } from '@tsunagu/shared';
import type { TsunaguServer, ConfigInput } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type TestClient } from '../helpers/server.js';

let srv: TsunaguServer;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const track = (c: TestClient) => (clients.push(c), c);

async function start(config: ConfigInput = {}) {
  srv = await startServer(config);
  return srv;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.terminate();
  await srv.close();
});

/** A y-websocket client that records the notices it is sent and how its connection closed. */
function noticeClient(base: string, id: string, token: string) {
  const c = track(connectClient(base, id, token));
  const notices: Notice[] = [];
  const closes: number[] = [];
  c.provider.messageHandlers[MESSAGE_AUTH] = (_enc, decoder) => {
    decoding.readVarUint(decoder); // permission-denied
    const n = parseNotice(decoding.readVarString(decoder));
    if (n) notices.push(n);
  };
  c.provider.on('connection-close', (ev) => ev && closes.push(ev.code));
  return { ...c, notices, closes };
}

function rawSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const updateFrame = (update: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

describe('limits', () => {
  test('an oversized note text is refused with a message; the room keeps the valid state', async () => {
    await start({ limits: { maxTextLength: 50 } });
    const w = await createWorkshop(srv.url);
    const a = noticeClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'はなこ'));
    const b = track(connectClient(srv.url, w.id, w.staffToken));
    await Promise.all([a.synced, b.synced]);
    const ok = addItem(a.doc, { text: 'ちょうど良い長さ', category: 'sonota' }, { maxText: 1000 });
    await waitFor(b.doc, () => readItems(b.doc).some((i) => i.id === ok), 5000, 'valid note');

    // typing into an existing note past the limit
    const t = itemsMap(a.doc).get(ok)!.get('text') as Y.Text;
    a.doc.transact(() => t.insert(t.length, 'あ'.repeat(60)), LOCAL);
    await eventually(() => a.notices.length > 0 && a.closes.length > 0, 5000, 'notice and close');
    expect(a.notices[0]).toMatchObject({ notice: 'text-too-long', limit: 50 });
    expect(a.notices[0]!.ja).toContain('50文字');
    expect(a.closes[0]).toBe(CLOSE.REFUSED);
    // a brand-new note with a long text is refused as well
    const c = noticeClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'じろう'));
    await c.synced;
    addItem(c.doc, { text: 'い'.repeat(51), category: 'sonota' }, { maxText: 1000 });
    await eventually(() => c.notices.some((n) => n.notice === 'text-too-long'), 5000, 'notice for a new note');
    // replacing a note's whole text within the limit is fine (deletes are counted)
    const d = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await d.synced;
    const t2 = itemsMap(d.doc).get(ok)!.get('text') as Y.Text;
    d.doc.transact(() => {
      t2.delete(0, t2.length);
      t2.insert(0, 'う'.repeat(45));
    }, LOCAL);
    await waitFor(b.doc, () => readItems(b.doc).find((i) => i.id === ok)?.text === 'う'.repeat(45), 5000, 'replacement');
    expect(readItems(b.doc).map((i) => i.text)).toEqual(['う'.repeat(45)]);
    expect(srv.reliability.metrics.refusedWritesTotal).toBe(2);
  });

  test('the item limit per workshop refuses the note past it, with a message', async () => {
    await start({ limits: { maxItems: 3 } });
    const w = await createWorkshop(srv.url);
    const a = noticeClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode));
    const b = track(connectClient(srv.url, w.id, w.staffToken));
    await Promise.all([a.synced, b.synced]);
    for (let i = 0; i < 3; i++) addItem(a.doc, { text: `意見${i}`, category: 'sonota' });
    await waitFor(b.doc, () => readItems(b.doc).length === 3, 5000, 'three notes');
    addItem(a.doc, { text: '4件目', category: 'sonota' });
    await eventually(() => a.notices.some((n) => n.notice === 'too-many-items' && n.limit === 3), 5000, 'item limit notice');
    await eventually(() => a.closes.includes(CLOSE.REFUSED), 5000, 'closed with 4413');
    expect(srv.rooms.loadedRooms.find((r) => !r.restricted)!.doc.getMap('items').size).toBe(3);
  });

  test('a client flooding messages is disconnected while the others keep syncing', async () => {
    await start({ limits: { messagesPerSecond: 50, messageBurst: 100 } });
    const w = await createWorkshop(srv.url);
    const a = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'A')));
    const b = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'B')));
    await Promise.all([a.synced, b.synced]);
    const flooder = await rawSocket(`${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${await joinWorkshop(srv.url, w.joinCode, 'F')}`);
    const closed = new Promise<number>((r) => flooder.on('close', (code) => r(code)));
    const notices: string[] = [];
    flooder.on('message', (d: Buffer) => d[0] === MESSAGE_AUTH && notices.push(d.toString('utf8')));
    // valid updates from the flooder's own doc (moving its own note), as fast as the socket takes them
    const fdoc = new Y.Doc();
    fdoc.on('update', (u: Uint8Array) => flooder.readyState === flooder.OPEN && flooder.send(updateFrame(u)));
    const own = addItem(fdoc, { text: '連打', category: 'sonota' });
    const flood = (async () => {
      for (let i = 0; i < 2000 && flooder.readyState === flooder.OPEN; i++) {
        itemsMap(fdoc).get(own)!.set('x', i);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    // meanwhile A and B keep writing and receiving
    const id = addItem(a.doc, { text: '洪水の最中の意見', category: 'sonota' });
    expect(await closed).toBe(CLOSE.RATE_LIMITED);
    await flood;
    expect(notices.some((n) => n.includes('rate-limited'))).toBe(true);
    await waitFor(b.doc, () => readItems(b.doc).some((i) => i.id === id), 5000, 'A → B during the flood');
    const id2 = addItem(b.doc, { text: '洪水の後の意見', category: 'sonota' });
    await waitFor(a.doc, () => readItems(a.doc).some((i) => i.id === id2), 5000, 'B → A after the flood');
    expect(srv.reliability.metrics.rateLimitedTotal).toBe(1);
  });

  test('the per-address connection limit answers 429 with a message; a freed slot can be used again', async () => {
    await start({ limits: { connectionsPerIp: 3 } });
    const w = await createWorkshop(srv.url);
    const url = `${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${w.viewerToken}`;
    const open: WebSocket[] = [];
    for (let i = 0; i < 3; i++) {
      open.push(await rawSocket(url));
      await eventually(() => srv.ws.connectionCount === i + 1 && srv.rooms.loadedRooms[0]!.peers.size === i + 1, 5000, 'joined');
    }
    const refused = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('error', () => undefined);
    });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error).toContain('too many connections');
    open[0]!.close();
    await eventually(() => srv.rooms.loadedRooms[0]!.peers.size === 2, 5000, 'slot freed');
    await rawSocket(url);
  });

  test('an oversized frame closes that connection with 1009', async () => {
    await start({ limits: { maxMessageBytes: 10_000 } });
    const w = await createWorkshop(srv.url);
    const ws = await rawSocket(`${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${w.facilitatorToken}`);
    const code = new Promise<number>((r) => ws.on('close', (c) => r(c)));
    ws.send(new Uint8Array(20_000));
    expect(await code).toBe(CLOSE.TOO_BIG);
  });

  test('a long-idle room is unloaded from memory after its final save', async () => {
    await start({ idleUnloadMs: 100 });
    const w = await createWorkshop(srv.url);
    const a = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await a.synced;
    addItem(a.doc, { text: '保存してから解放', category: 'sonota' });
    await eventually(() => srv.reliability.metrics.persistedUpdatesTotal >= 2, 5000, 'written');
    a.destroy();
    await eventually(() => srv.rooms.loadedRooms.length === 0, 5000, 'unloaded');
    const b = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await b.synced;
    expect(readItems(b.doc).map((i) => i.text)).toEqual(['保存してから解放']);
  });

  test('/metrics speaks Prometheus text: rooms, connections, updates, persistence lag, write errors', async () => {
    await start();
    const w = await createWorkshop(srv.url);
    const a = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await a.synced;
    addItem(a.doc, { text: '計測', category: 'sonota' });
    await eventually(() => srv.reliability.metrics.updatesTotal >= 2, 5000, 'update counted');
    const res = await fetch(srv.url + '/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('tsunagu_rooms')).toBe(1);
    expect(value('tsunagu_connections')).toBe(1);
    expect(value('tsunagu_updates_total')).toBeGreaterThanOrEqual(2);
    expect(value('tsunagu_persistence_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('tsunagu_write_errors_total')).toBe(0);
    expect(text).toMatch(/^# TYPE tsunagu_updates_total counter$/m);
    expect((await api(srv.url, 'GET', '/healthz')).body).toEqual({ ok: true });
  });

  test('privacy: a restricted category (心配な世帯) is refused in the public document, accepted in the restricted one', async () => {
    await start();
    const w = await createWorkshop(srv.url);
    const other = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await other.synced;
    const a = noticeClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'いたずら'));
    await a.synced;
    addItem(a.doc, { text: '〇〇さん宅 一人暮らし', category: 'shinpai' });
    await eventually(() => a.notices.some((n) => n.notice === 'restricted-category'), 5000, 'restricted-category notice');
    expect(a.closes).toContain(CLOSE.REFUSED);
    // a public note written after it still flows, and the refused one never did
    addItem(other.doc, { text: '公開のメモ', category: 'ido' });
    const late = track(connectClient(srv.url, w.id, w.staffToken));
    await late.synced;
    await waitFor(late.doc, () => readItems(late.doc).some((i) => i.text === '公開のメモ'), 5000, 'public note');
    expect(readItems(late.doc).map((i) => i.category)).not.toContain('shinpai');
    expect(readItems(other.doc).map((i) => i.category)).not.toContain('shinpai');
    // re-categorising an existing public note as restricted is refused too, even for staff
    const staff = noticeClient(srv.url, w.id, w.staffToken);
    await staff.synced;
    await waitFor(staff.doc, () => readItems(staff.doc).length === 1, 5000, 'note on staff');
    itemsMap(staff.doc).get(readItems(staff.doc)[0]!.id)!.set('category', 'shinpai');
    await eventually(() => staff.notices.some((n) => n.notice === 'restricted-category'), 5000, 'notice on recategorise');
    // the restricted document takes it
    const r1 = track(connectClient(srv.url, w.id, w.staffToken, { restricted: true }));
    const r2 = track(connectClient(srv.url, w.id, w.facilitatorToken, { restricted: true }));
    await Promise.all([r1.synced, r2.synced]);
    addItem(r1.doc, { text: '見守りが必要な世帯（3丁目付近）', category: 'shinpai' });
    await waitFor(r2.doc, () => readItems(r2.doc).some((i) => i.category === 'shinpai'), 5000, 'restricted item on staff');
  });
});

