import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { connectYClient, type TestClient } from './yClient.js';
import pg_ from 'pg';
import { createTsunaguServer, PgStore, type ConfigInput, type TsunaguServer } from '@tsunagu/server';
import { startPostgres, type TestPostgres } from './postgres.js';
import type { CreatedWorkshop } from '@tsunagu/shared';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function tmpDataDir(prefix = 'tsunagu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real server on 127.0.0.1:0 with its own SQLite file. Always `await srv.close()`.
 * With TSUNAGU_TEST_STORE=postgres (see stores.ts) it stores in PostgreSQL instead: one
 * throwaway server per test process, one database per data directory (a fresh directory is
 * an empty store, a restart on the same directory finds its data, as with SQLite).
 */
export async function startServer(config: ConfigInput = {}): Promise<TsunaguServer> {
  const full = { port: 0, host: '127.0.0.1', ...config, dataDir: config.dataDir ?? tmpDataDir() };
  // (stores.ts: testStoreKind; read here directly, as stores.ts imports this module)
  if (process.env.TSUNAGU_TEST_STORE !== 'postgres') return createTsunaguServer({ config: full });
  const store = await PgStore.open(await postgresFor(full.dataDir), { max: 4 });
  const srv = await createTsunaguServer({ config: full, store }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const close = srv.close.bind(srv);
  srv.close = async () => {
    const failed = await close();
    await store.close();
    return failed;
  };
  return srv;
}

let sharedPostgres: Promise<TestPostgres> | null = null;
const databases = new Map<string, Promise<string>>();
// stopped after the test file's own hooks (registered first, run last); vitest ends its
// workers without an 'exit' event, so the exit handler below only serves plain scripts
if (process.env.VITEST && process.env.TSUNAGU_TEST_STORE === 'postgres') {
  const { afterAll } = await import('vitest');
  afterAll(async () => {
    const pg = sharedPostgres;
    sharedPostgres = null;
    databases.clear();
    if (pg) await (await pg).stop();
  });
}

/** The database URL standing for a data directory on the process's throwaway PostgreSQL. */
function postgresFor(dataDir: string): Promise<string> {
  let url = databases.get(dataDir);
  if (!url) {
    sharedPostgres ??= startPostgres().then((pg) => {
      // pg.stop() runs synchronously (pg_ctl stop -m immediate), so it can run at exit
      process.once('exit', () => void pg.stop());
      return pg;
    });
    const name = `d${databases.size + 1}`;
    url = sharedPostgres.then(async (pg) => {
      const admin = new pg_.Client({ connectionString: pg.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return pg.url.replace(/\/tsunagu$/, `/${name}`);
    });
    databases.set(dataDir, url);
  }
  return url;
}

export type { CreatedWorkshop } from '@tsunagu/shared';

export async function api<T = unknown>(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + pathname, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

export async function createWorkshop(base: string, title = '中央小学校区 ワークショップ', district = '中央小学校区'): Promise<CreatedWorkshop> {
  const r = await api<CreatedWorkshop>(base, 'POST', '/api/workshops', { title, district });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function joinWorkshop(base: string, code: string, name = 'さくら', role = 'jumin'): Promise<string> {
  const r = await api<{ workshopId: string; token: string }>(base, 'POST', '/api/join', { code, name, role });
  if (r.status !== 200) throw new Error(`join failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export type { TestClient };

/** A real y-websocket client (Node: ws polyfill, no BroadcastChannel). */
export function connectClient(
  base: string,
  workshopId: string,
  token: string,
  opts: { restricted?: boolean; doc?: Y.Doc; connect?: boolean } = {},
): TestClient {
  const room = opts.restricted ? `${workshopId}/staff` : workshopId;
  return connectYClient(base.replace(/^http/, 'ws') + '/sync', room, token, { doc: opts.doc, connect: opts.connect });
}

/** Wait until `predicate()` holds, re-checking on every update of `doc` (no fixed sleeps). */
export function waitFor(doc: Y.Doc, predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    function check() {
      if (!predicate()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    }
    doc.on('update', check);
  });
}

/** Poll an async/sync condition (for things that have no event), bounded. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
