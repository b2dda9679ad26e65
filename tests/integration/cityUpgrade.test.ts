import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { COORDINATOR_LINK_FILE, createTsunaguServer, SqliteStore, type TsunaguServer } from '@tsunagu/server';
import { api, createWorkshop, ROOT, tmpDataDir } from '../helpers/server.js';

/**
 * Issue 14 on the laptop (embedded SQLite): a data directory from before organisations is
 * upgraded in place (its workshops land in the default organisation); the default
 * organisation's coordinator link is issued once, kept in coordinator-link.txt (0600) and
 * offered at GET /api/local/coordinator-link to the laptop itself only; `npm run org`
 * creates organisations and re-issues links.
 */
const servers: TsunaguServer[] = [];
const start = async (dataDir: string) => {
  const s = await createTsunaguServer({ config: { port: 0, host: '127.0.0.1', dataDir } });
  servers.push(s);
  return s;
};
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const tokenOf = (link: string | null): string => /#token=(.+)$/.exec(link ?? '')![1]!;

/** GET with a chosen Host header (fetch does not let a caller set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const org = (args: string[]): string =>
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'server/src/cli/org.ts'), ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });

describe('upgrading a laptop’s data directory', () => {
  test('workshops created before organisations appear in the default organisation’s list', async () => {
    const dir = tmpDataDir();
    let s = await start(dir);
    const before = await createWorkshop(s.url, '昔のワークショップ', '中央小学校区');
    await s.close();
    servers.length = 0;
    // make the file look like it did before issue 14: no organisation tables or columns, no link
    const db = new Database(path.join(dir, 'tsunagu.sqlite'));
    db.exec(`DROP INDEX workshops_by_org; DROP TABLE org_tokens; DROP TABLE units; DROP TABLE workshop_digests; DROP TABLE orgs;
      ALTER TABLE workshops DROP COLUMN org_id; ALTER TABLE workshops DROP COLUMN unit_id; ALTER TABLE workshops DROP COLUMN ended_at; ALTER TABLE workshops DROP COLUMN last_activity_at;`);
    expect((db.prepare('PRAGMA table_info(workshops)').all() as { name: string }[]).map((c) => c.name)).not.toContain('org_id');
    db.close();
    fs.rmSync(path.join(dir, COORDINATOR_LINK_FILE));

    s = await start(dir);
    expect(s.coordinatorLink).toMatch(/\/o\/default#token=/);
    const list = await api<{ workshops: { id: string; title: string; district: string; status: string }[] }>(s.url, 'GET', '/api/orgs/default/workshops', undefined, tokenOf(s.coordinatorLink));
    expect(list.status).toBe(200);
    expect(list.body.workshops).toMatchObject([{ id: before.id, title: '昔のワークショップ', district: '中央小学校区', status: 'preparing' }]);
    // and the workshop itself still works with its old links
    expect((await api(s.url, 'GET', `/api/workshops/${before.id}`, undefined, before.facilitatorToken)).status).toBe(200);
  });
});

describe('the laptop’s coordinator link', () => {
  test('issued once into coordinator-link.txt (0600), kept across restarts, offered only to the laptop itself', async () => {
    const dir = tmpDataDir();
    let s = await start(dir);
    const file = path.join(dir, COORDINATOR_LINK_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = tokenOf(s.coordinatorLink);
    expect(fs.readFileSync(file, 'utf8')).toContain(`/o/default#token=${token}`);
    const port = s.port;
    const local = await getWithHost(`${s.url}/api/local/coordinator-link`, `localhost:${port}`);
    expect(local.status).toBe(200);
    expect(JSON.parse(local.body)).toEqual({ url: `http://localhost:${port}/o/default#token=${token}` });
    expect((await getWithHost(`${s.url}/api/local/coordinator-link`, `127.0.0.1:${port}`)).status).toBe(200);
    // a phone on the Wi-Fi reaches the laptop by its LAN name or address: never answered
    expect((await getWithHost(`${s.url}/api/local/coordinator-link`, `192.168.1.20:${port}`)).status).toBe(404);
    expect((await getWithHost(`${s.url}/api/local/coordinator-link`, 'laptop.local')).status).toBe(404);
    expect((await api(s.url, 'GET', '/api/orgs/default', undefined, token)).status).toBe(200);
    await s.close();
    servers.length = 0;
    s = await start(dir);
    expect(tokenOf(s.coordinatorLink)).toBe(token);
  });

  test('a hosted server (injected store) has no local link: 404', async () => {
    const dir = tmpDataDir();
    const store = new SqliteStore(dir);
    try {
      const s = await createTsunaguServer({ config: { port: 0, host: '127.0.0.1', dataDir: dir }, store });
      servers.push(s);
      expect(s.coordinatorLink).toBeNull();
      expect((await getWithHost(`${s.url}/api/local/coordinator-link`, `localhost:${s.port}`)).status).toBe(404);
      await s.close();
      servers.length = 0;
    } finally {
      store.close();
    }
  });

  test('npm run org: create an organisation, re-issue its link (the old one stops working); link default rewrites the file', async () => {
    const dir = tmpDataDir();
    const s = await start(dir);
    const created = org(['create', '川越市社会福祉協議会', '--data', dir, '--url', s.url]);
    const id = /organisation: (\S+)/.exec(created)![1]!;
    const first = /#token=(\S+)/.exec(created)![1]!;
    expect((await api<{ name: string }>(s.url, 'GET', `/api/orgs/${id}`, undefined, first)).body).toMatchObject({ name: '川越市社会福祉協議会' });
    expect(org(['list', '--data', dir])).toContain(`${id}\t川越市社会福祉協議会\t0\t1`);
    const again = org(['link', id, '--data', dir, '--name', '田中']);
    const second = /#token=(\S+)/.exec(again)![1]!;
    expect((await api(s.url, 'GET', `/api/orgs/${id}`, undefined, first)).status).toBe(401);
    expect((await api(s.url, 'GET', `/api/orgs/${id}`, undefined, second)).status).toBe(200);
    const relinked = org(['link', 'default', '--data', dir]);
    const third = /#token=(\S+)/.exec(relinked)![1]!;
    expect(fs.readFileSync(path.join(dir, COORDINATOR_LINK_FILE), 'utf8')).toContain(third);
    expect((await api(s.url, 'GET', '/api/orgs/default', undefined, tokenOf(s.coordinatorLink))).status).toBe(401);
  }, 60_000);
});
