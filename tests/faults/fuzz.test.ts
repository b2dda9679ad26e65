import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addItem, itemsMap, MESSAGE_SYNC } from '@tsunagu/shared';
import { startChildServer, type ChildServer } from '../helpers/childServer.js';
import { api, connectClient, createWorkshop, eventually, tmpDataDir, waitFor, type TestClient } from '../helpers/server.js';
import { faultSeed, seededRandom, sleep } from './random.js';

/**
 * Random-byte and truncated-frame fuzzing of the websocket for a bounded time (FUZZ_MS,
 * default 20 s) against the real server process. The server must stay up, keep syncing a
 * well-behaved client throughout, and its resident memory may grow by at most
 * RSS_BOUND_MB (stated bound: 64 MB) between the warmed-up start and the end.
 */
const FUZZ_MS = Number(process.env.FUZZ_MS) || 20_000;
const RSS_BOUND_MB = 64;
const PARALLEL = 8;

const clients: TestClient[] = [];
const children: ChildServer[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
});

async function rssBytes(base: string): Promise<number> {
  const text = await (await fetch(base + '/metrics')).text();
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)![1]);
}

function validFrames(random: () => number): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, u);
    frames.push(encoding.toUint8Array(e));
  });
  addItem(doc, { text: 'ファズ'.repeat(1 + Math.floor(random() * 20)), category: 'sonota' });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  frames.push(encoding.toUint8Array(e));
  doc.destroy();
  return frames;
}

/** One bad frame: random bytes, a truncated valid frame, or a valid frame with flipped bytes. */
function badFrame(random: () => number): Uint8Array {
  const kind = random();
  if (kind < 0.35) return Uint8Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256));
  const valid = validFrames(random)[Math.floor(random() * 2)]!;
  if (kind < 0.7) return valid.slice(0, Math.max(1, Math.floor(random() * (valid.length - 1))));
  const copy = valid.slice();
  for (let i = 0; i < 1 + random() * 4; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
  return copy;
}

function fuzzOnce(url: string, random: () => number): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.terminate();
      resolve(code);
    };
    const timer = setTimeout(() => finish(0), 2000);
    ws.on('open', () => {
      const n = 1 + Math.floor(random() * 5);
      for (let i = 0; i < n && ws.readyState === ws.OPEN; i++) {
        ws.send(badFrame(random));
      }
      if (random() < 0.2) {
        // a frame cut off mid-way at the TCP level: half a websocket frame, then close
        const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
        raw.write(Buffer.from([0x82, 0x7e, 0x01, 0x00, 0x11, 0x22]));
        raw.end();
      } else setTimeout(() => finish(-1), 50 + random() * 200);
    });
    ws.on('close', (code) => finish(code));
    ws.on('error', () => finish(-2));
  });
}

describe('fault: websocket fuzzing', () => {
  test(`random and truncated frames for ${FUZZ_MS / 1000} s: the server stays up, keeps syncing, memory bounded`, async () => {
    const seed = faultSeed();
    const random = seededRandom(seed);
    console.log(`[faults] fuzz seed=${seed} (replay with FAULT_SEED=${seed})`);
    const srv = await startChildServer(tmpDataDir('tsunagu-fuzz-'));
    children.push(srv);
    const w = await createWorkshop(srv.url, 'ファズ');
    const wsUrl = `${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${w.facilitatorToken}`;
    const good = connectClient(srv.url, w.id, w.staffToken);
    const other = connectClient(srv.url, w.id, w.facilitatorToken);
    clients.push(good, other);
    await Promise.all([good.synced, other.synced]);

    // warm up (JIT, buffers), then take the baseline
    for (let i = 0; i < 50; i++) await fuzzOnce(wsUrl, random);
    const rssStart = await rssBytes(srv.url);

    const codes = new Map<number, number>();
    let connections = 0;
    const written: string[] = [];
    const end = Date.now() + FUZZ_MS;
    const workers = Array.from({ length: PARALLEL }, async () => {
      while (Date.now() < end) {
        const code = await fuzzOnce(wsUrl, random);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        connections++;
      }
    });
    // the well-behaved client keeps working during the fuzzing
    const honest = (async () => {
      while (Date.now() < end) {
        const id = addItem(good.doc, { text: `まじめな意見${written.length}`, category: 'sonota' });
        written.push(id);
        await waitFor(other.doc, () => itemsMap(other.doc).has(id), 5000, 'honest note relayed during fuzzing');
        await sleep(250);
      }
    })();
    await Promise.all([...workers, honest]);

    expect(srv.proc.exitCode).toBeNull();
    expect((await api(srv.url, 'GET', '/healthz')).body).toEqual({ ok: true });
    expect(good.provider.wsconnected && other.provider.wsconnected).toBe(true);
    await eventually(() => written.every((id) => itemsMap(other.doc).has(id)), 5000, 'every honest note');
    // a fresh client gets the same document (a mangled-but-valid update from the fuzzer's
    // authorised token may have added notes; that is a valid write, not corruption)
    const fresh = connectClient(srv.url, w.id, w.viewerToken);
    clients.push(fresh);
    await fresh.synced;
    await eventually(() => Y.encodeStateVector(fresh.doc).join() === Y.encodeStateVector(other.doc).join(), 5000, 'fresh client converges');
    expect(written.every((id) => itemsMap(fresh.doc).has(id))).toBe(true);
    const rssEnd = await rssBytes(srv.url);
    const growthMb = (rssEnd - rssStart) / 1024 / 1024;
    console.log(
      `[faults] fuzz: ${connections} connections in ${FUZZ_MS / 1000} s, close codes ${JSON.stringify(Object.fromEntries(codes))}; ` +
        `RSS ${(rssStart / 1048576).toFixed(1)} → ${(rssEnd / 1048576).toFixed(1)} MB (growth ${growthMb.toFixed(1)} MB, bound ${RSS_BOUND_MB} MB)`,
    );
    expect(connections).toBeGreaterThan(100);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  });
});
