import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addItem, itemsMap } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { api, connectClient, createWorkshop, startServer, waitFor } from '../helpers/server.js';

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

/** The projector link (role `projector`): read-only, never the restricted document, given the join code. */
describe('role projector', () => {
  let srv: TsunaguServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('POST /api/workshops returns a projector token beside the others; it sees the join code, not /staff, not exports', async () => {
    const w = await createWorkshop(srv.url);
    expect(Object.keys(w)).toEqual(expect.arrayContaining(['id', 'joinCode', 'facilitatorToken', 'staffToken', 'viewerToken', 'projectorToken']));
    const info = await api<{ role: string; joinCode?: string; joinUrl?: string }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.projectorToken);
    expect(info.status).toBe(200);
    expect(info.body.role).toBe('projector');
    expect(info.body.joinCode).toBe(w.joinCode);
    expect(info.body.joinUrl).toContain(`/join?code=${w.joinCode}`);
    const wsBase = srv.url.replace(/^http/, 'ws');
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}?token=${w.projectorToken}`)).toBe('open');
    expect(await upgradeStatus(`${wsBase}/sync/${w.id}/staff?token=${w.projectorToken}`)).toBe(403);
    for (const f of ['export.csv', 'export.geojson', 'summary.json']) {
      expect((await api(srv.url, 'GET', `/api/workshops/${w.id}/${f}`, undefined, w.projectorToken)).status, f).toBe(403);
    }
  });

  it("drops the projector's writes and still sends it everyone else's", async () => {
    const w = await createWorkshop(srv.url);
    const proj = connectClient(srv.url, w.id, w.projectorToken);
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    await Promise.all([proj.synced, fac.synced]);
    addItem(proj.doc, { text: 'プロジェクターからの書き込み', category: 'ibasho' });
    addItem(fac.doc, { text: '進行役の付箋', category: 'ibasho' });
    await waitFor(proj.doc, () => [...itemsMap(proj.doc).values()].some((m) => String(m.get('text')) === '進行役の付箋'));
    // a third client syncing after both writes holds the facilitator's note only
    const probe = connectClient(srv.url, w.id, w.facilitatorToken);
    await probe.synced;
    await waitFor(probe.doc, () => itemsMap(probe.doc).size >= 1);
    const texts = [...itemsMap(probe.doc).values()].map((m) => String(m.get('text')));
    expect(texts).toEqual(['進行役の付箋']);
    for (const c of [proj, fac, probe]) c.destroy();
  });
});
