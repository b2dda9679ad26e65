import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { readAreas, readCategories, readColumns, readItems, readMeta, deleteItems, type WorkshopBackup } from '@tsunagu/shared';
import { api, connectClient, startServer, waitFor } from '../helpers/server.js';
import { seedWorkshop, type Seeded } from './exportSeed.js';

let srv: TsunaguServer;
let seeded: Seeded;
beforeAll(async () => {
  srv = await startServer();
  seeded = await seedWorkshop(srv.url);
});
afterAll(async () => {
  await srv?.close();
});

async function snapshot(id: string, token: string, restricted = false) {
  const c = connectClient(srv.url, id, token, { restricted });
  await c.synced;
  const out = restricted
    ? { items: readItems(c.doc, { includeDeleted: true }) }
    : {
        meta: { ...readMeta(c.doc), createdAt: 0 },
        columns: readColumns(c.doc),
        categories: readCategories(c.doc),
        areas: readAreas(c.doc),
        items: readItems(c.doc, { includeDeleted: true }),
      };
  c.destroy();
  return out;
}

describe('JSON backup → restore', () => {
  it('restores into a new workshop equal to the original (items, text, columns, categories, areas, votes, trash)', async () => {
    // one item in the trash, so the backup carries tombstones too
    const c = connectClient(srv.url, seeded.ws.id, seeded.ws.facilitatorToken);
    await c.synced;
    deleteItems(c.doc, [seeded.ids.shokudo]);
    const probe = connectClient(srv.url, seeded.ws.id, seeded.ws.facilitatorToken);
    await waitFor(probe.doc, () => (probe.doc.getMap('items').get(seeded.ids.shokudo) as Y.Map<unknown> | undefined)?.get('deletedAt') !== undefined);
    c.destroy();
    probe.destroy();

    const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/export.json`, { headers: { authorization: `Bearer ${seeded.ws.facilitatorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.tsunagu.json');
    const backup = (await res.json()) as WorkshopBackup;
    expect(backup.format).toBe('tsunagu-backup');
    expect(backup.restrictedItems).toBeUndefined();
    expect(JSON.stringify(backup)).not.toContain('心配な世帯：');

    const created = await api<{ id: string; facilitatorToken: string; staffToken: string }>(srv.url, 'POST', '/api/workshops/from-backup', backup);
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe(seeded.ws.id);
    const original = await snapshot(seeded.ws.id, seeded.ws.facilitatorToken);
    const restored = await snapshot(created.body.id, created.body.facilitatorToken);
    expect(restored).toEqual(original);
    expect((restored as { items: unknown[] }).items).toHaveLength(4);
    // the restricted document of the copy is empty: the backup did not include it
    expect((await snapshot(created.body.id, created.body.staffToken, true)).items).toEqual([]);
  });

  it('a staff backup with ?include=restricted restores the restricted layer too', async () => {
    const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/export.json?include=restricted`, { headers: { authorization: `Bearer ${seeded.ws.staffToken}` } });
    const backup = (await res.json()) as WorkshopBackup;
    expect(backup.restrictedItems).toHaveLength(1);
    const created = await api<{ id: string; staffToken: string }>(srv.url, 'POST', '/api/workshops/from-backup', backup);
    expect(created.status).toBe(201);
    const original = await snapshot(seeded.ws.id, seeded.ws.staffToken, true);
    const restored = await snapshot(created.body.id, created.body.staffToken, true);
    expect(restored).toEqual(original);
  });

  it('refuses something that is not a backup', async () => {
    const r = await api<{ error: string }>(srv.url, 'POST', '/api/workshops/from-backup', { format: 'other' });
    expect(r.status).toBe(400);
    const bad = await api<{ error: string }>(srv.url, 'POST', '/api/workshops/from-backup', {
      format: 'tsunagu-backup', version: 1, meta: { title: 'x' }, columns: [], categories: [], areas: [], items: [{ id: 'a', text: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('items[0]');
  });
});
