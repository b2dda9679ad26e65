import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { connectYClient, type TestClient } from './yClient.js';
import { createTsunaguServer, type ConfigInput, type TsunaguServer } from '@tsunagu/server';
import type { CreatedWorkshop } from '@tsunagu/shared';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function tmpDataDir(prefix = 'tsunagu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real server on 127.0.0.1:0 with its own SQLite file. Always `await srv.close()`. */
export async function startServer(config: ConfigInput = {}): Promise<TsunaguServer> {
  return createTsunaguServer({
    config: { port: 0, host: '127.0.0.1', dataDir: config.dataDir ?? tmpDataDir(), ...config },
  });
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
