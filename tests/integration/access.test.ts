import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, eventually, joinWorkshop, startServer, type TestClient } from '../helpers/server.js';

let srv: TsunaguServer;
const clients: TestClient[] = [];
beforeEach(async () => {
  srv = await startServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv.close();
});

interface Entry {
  at: number;
  action: string;
  role: string;
  name: string;
  detail: string;
}

describe('access log of the restricted document', () => {
  test('records who opened the staff document and who exported restricted data, with time; facilitator only', async () => {
    const w = await createWorkshop(srv.url);
    const participant = await joinWorkshop(srv.url, w.joinCode, 'はなこ');
    const before = Date.now();
    const staff = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
    const pub = connectClient(srv.url, w.id, participant);
    clients.push(staff, pub);
    await Promise.all([staff.synced, pub.synced]);
    const exported = await api(srv.url, 'GET', `/api/workshops/${w.id}/export.geojson?include=restricted`, undefined, w.facilitatorToken);
    expect(exported.status).toBe(200);
    await api(srv.url, 'GET', `/api/workshops/${w.id}/export.csv`, undefined, w.staffToken); // public export: not logged

    let log: Entry[] = [];
    await eventually(async () => {
      const r = await api<Entry[]>(srv.url, 'GET', `/api/workshops/${w.id}/access-log`, undefined, w.facilitatorToken);
      log = r.body;
      return r.status === 200 && log.length >= 2;
    }, 5000, 'two log entries');
    expect(log.map((e) => [e.action, e.role])).toEqual([
      ['connect-restricted', 'staff'],
      ['export-restricted:geojson', 'facilitator'],
    ]);
    for (const e of log) {
      expect(e.at).toBeGreaterThanOrEqual(before);
      expect(e.at).toBeLessThanOrEqual(Date.now());
    }
    expect(JSON.stringify(log)).not.toContain(w.facilitatorToken); // tokens never end up in the log
    for (const t of [w.staffToken, w.viewerToken, participant]) {
      expect((await api(srv.url, 'GET', `/api/workshops/${w.id}/access-log`, undefined, t)).status).toBe(403);
    }
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}/access-log`)).status).toBe(401);
  });
});
