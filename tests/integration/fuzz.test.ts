import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { CLOSE, addItem, readItems } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, joinWorkshop, startServer, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/** Deterministic PRNG so a failure can be replayed (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validUpdateFrame(): Uint8Array {
  const d = new Y.Doc();
  addItem(d, { text: '正しい更新', category: 'ido' });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(d));
  return encoding.toUint8Array(e);
}

/** Open a raw socket, send frames, resolve with the close code the server chose. */
function sendAndWaitClose(url: string, frames: Uint8Array[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(-1); // still open: the server accepted the frames
    }, 1500);
    ws.on('open', () => {
      for (const f of frames) ws.send(f);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

let srv: TsunaguServer;
let w: CreatedWorkshop;
const clients: TestClient[] = [];
beforeEach(async () => {
  srv = await startServer({ limits: { maxMessageBytes: 64 * 1024 } });
  w = await createWorkshop(srv.url);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv.close();
});

describe('bad frames', () => {
  test('malformed, truncated, unknown and oversized frames close only that connection; the room carries on', async () => {
    const a = connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'A'));
    const b = connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'B'));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    addItem(a.doc, { text: '攻撃の前', category: 'ido' });
    await waitFor(b.doc, () => readItems(b.doc).length === 1);

    const url = `${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${await joinWorkshop(srv.url, w.joinCode, 'X')}`;
    const valid = validUpdateFrame();
    expect(await sendAndWaitClose(url, [Uint8Array.of(9, 1, 2, 3)])).toBe(CLOSE.MALFORMED); // unknown type
    expect(await sendAndWaitClose(url, [Uint8Array.of(0, 7, 0)])).toBe(CLOSE.MALFORMED); // unknown sync type
    expect(await sendAndWaitClose(url, [valid.subarray(0, valid.length - 5)])).toBe(CLOSE.MALFORMED); // truncated
    expect(await sendAndWaitClose(url, [Uint8Array.of(...valid, 0, 0)])).toBe(CLOSE.MALFORMED); // trailing bytes
    expect(await sendAndWaitClose(url, [new Uint8Array(100 * 1024)])).toBe(CLOSE.TOO_BIG); // over the limit

    // seeded random and truncated frames, bounded in count
    const rand = rng(20261123);
    for (let i = 0; i < 60; i++) {
      const len = 1 + Math.floor(rand() * 200);
      const frame = new Uint8Array(len).map(() => Math.floor(rand() * 256));
      if (i % 3 === 0) frame[0] = 0; // looks like a sync message
      if (i % 3 === 1) frame.set(valid.subarray(0, Math.min(len, valid.length - 1)));
      const code = await sendAndWaitClose(url, [frame]);
      expect([CLOSE.MALFORMED, -1]).toContain(code);
    }

    // the other clients still sync both ways, and nothing they had is lost
    addItem(b.doc, { text: '攻撃の後', category: 'ido' });
    await waitFor(a.doc, () => readItems(a.doc).some((i) => i.text === '攻撃の後'), 5000, 'sync after fuzzing');
    expect(readItems(a.doc).map((i) => i.text)).toEqual(readItems(b.doc).map((i) => i.text));
    expect(readItems(b.doc).map((i) => i.text)).toContain('攻撃の前');
    const late = connectClient(srv.url, w.id, w.facilitatorToken);
    clients.push(late);
    await late.synced;
    expect(readItems(late.doc).map((i) => i.text)).toEqual(expect.arrayContaining(['攻撃の前', '攻撃の後']));
  });
});
