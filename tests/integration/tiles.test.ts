import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { tilePng } from '../e2e/mapTiles.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fakeTileUpstream.js';
import { createOrganisation } from '@tsunagu/server';
import { api, createWorkshop, joinWorkshop, startServer, tmpDataDir, type CreatedWorkshop } from '../helpers/server.js';

/** The standard slippy-map formula, written out here independently of the server's code. */
function slippy(lat: number, lng: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}

// 川越: 本川越駅 ≈ 35.9251, 139.4858. Known tiles (computed independently with the ln(tan(π/4 + φ/2)) form of the formula).
const KAWAGOE = { lat: 35.9251, lng: 139.4858 };

let srv: TsunaguServer | null = null;
let up: FakeUpstream | null = null;
afterEach(async () => {
  await srv?.close();
  await up?.close();
  srv = null;
  up = null;
});

const tileUrl = (z: number, x: number, y: number) => `${srv!.url}/tiles/${z}/${x}/${y}.png`;

async function until(pred: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('tile proxy and cache', () => {
  it('tile numbers for 川越 match the slippy-map formula and hard-coded known tiles', () => {
    expect(slippy(KAWAGOE.lat, KAWAGOE.lng, 15)).toEqual([29080, 12875]);
    expect(slippy(KAWAGOE.lat, KAWAGOE.lng, 12)).toEqual([3635, 1609]);
    expect(slippy(KAWAGOE.lat, KAWAGOE.lng, 18)).toEqual([232642, 103007]);
  });

  it('a miss is fetched once with a descriptive User-Agent, a second request is served from the cache', async () => {
    up = await startFakeUpstream();
    srv = await startServer({ tileUrl: up.url });
    const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, 15);
    const r1 = await fetch(tileUrl(15, x, y));
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-type')).toBe('image/png');
    expect(r1.headers.get('x-tile-source')).toBe('upstream');
    expect(Buffer.from(await r1.arrayBuffer()).equals(tilePng())).toBe(true);
    expect(up.requests()).toBe(1);
    expect([...up.userAgents()][0]).toMatch(/^tsunagu\/.+offline tile cache/);
    const r2 = await fetch(tileUrl(15, x, y));
    expect(r2.status).toBe(200);
    expect(r2.headers.get('x-tile-source')).toBe('cache');
    expect(r2.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(up.requests()).toBe(1);
    const cfg = await api<{ tileUrl: string }>(srv.url, 'GET', '/api/config');
    expect(cfg.body.tileUrl).toBe('/tiles/{z}/{x}/{y}.png');
  });

  it('bad coordinates are refused with 400 and nothing is fetched', async () => {
    up = await startFakeUpstream();
    srv = await startServer({ tileUrl: up.url });
    const bad = [
      '/tiles/15/-1/3.png',
      '/tiles/15/32768/0.png',
      '/tiles/21/0/0.png',
      '/tiles/a/b/c.png',
      '/tiles/1/0/0.jpg',
      '/tiles/1/0/1.5.png',
      '/tiles/1/0x1/0.png',
      '/tiles/..%2F..%2Fetc/0/0.png',
      '/tiles/1/0/%2e%2e%2fpasswd.png',
      '/tiles/1/0',
      '/tiles/1/0/0/0.png',
      '/tiles/99999999/0/0.png',
    ];
    for (const p of bad) {
      const r = await fetch(srv.url + p);
      expect(r.status, p).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/tile address/);
    }
    expect(up.requests()).toBe(0);
  });

  it('an upstream error, a non-image or an oversized answer is not cached; a stopped upstream answers 404', async () => {
    up = await startFakeUpstream();
    srv = await startServer({ tileUrl: up.url });
    for (const mode of ['fail', 'html', 'huge'] as const) {
      up.mode = mode;
      const r = await fetch(tileUrl(14, 14540, 6444));
      expect(r.status, mode).toBe(404);
    }
    expect((await srv.tiles.stats()).count).toBe(0);
    up.mode = 'ok';
    expect((await fetch(tileUrl(14, 14540, 6444))).status).toBe(200);
    expect((await srv.tiles.stats()).count).toBe(1);
  });

  it('prefetch stores exactly the tiles of the bbox and zoom range, with the cap on concurrent upstream requests; the cache survives a restart', async () => {
    up = await startFakeUpstream({ delayMs: 15 });
    const dataDir = tmpDataDir('tsunagu-tiles-');
    srv = await startServer({ tileUrl: up.url, dataDir, tileConcurrency: 3 });
    const ws = await createWorkshop(srv.url);
    // a small area around 本川越 (about 400 m × 300 m)
    const ring: [number, number][] = [
      [35.9235, 139.4835],
      [35.9235, 139.4880],
      [35.9265, 139.4880],
      [35.9265, 139.4835],
    ];
    const { connectClient } = await import('../helpers/server.js');
    const { addArea } = await import('@tsunagu/shared');
    const c = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await c.synced;
    addArea(c.doc, { id: 'a1', name: '本川越駅前', kind: 'jichikai', polygon: ring });
    await until(async () => (await api<{ estimate: { basis: string } }>(srv!.url, 'GET', `/api/workshops/${ws.id}/tiles`, undefined, ws.facilitatorToken)).body.estimate.basis === 'areas', 'area on server');
    c.destroy();

    // the area's box with the saved margin (the map and the A3 print show more than the outline):
    // the box made square, then 40 % of its side on every side, at least 300 m: 300 m here on every side
    const dLat = 300 / 111_320;
    const dLng = 300 / (111_320 * Math.cos((35.925 * Math.PI) / 180));
    const expected = new Set<string>();
    for (let z = 12; z <= 16; z++) {
      const [x0, y0] = slippy(35.9265 + dLat, 139.4835 - dLng, z);
      const [x1, y1] = slippy(35.9235 - dLat, 139.488 + dLng, z);
      for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) expected.add(`${z}/${x}/${y}`);
    }
    expect(expected.has('15/29080/12875')).toBe(true);
    expect(expected.has('12/3635/1609')).toBe(true);

    const dry = await api<{ estimate: { tiles: number; estimatedBytes: number } }>(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch?dryRun=1`, { minZoom: 12, maxZoom: 16 }, ws.facilitatorToken);
    expect(dry.status).toBe(200);
    expect(dry.body.estimate.tiles).toBe(expected.size);
    expect(dry.body.estimate.estimatedBytes).toBeGreaterThan(0);
    expect(up.requests()).toBe(0);

    // participants cannot start it
    const pt = await joinWorkshop(srv.url, (ws as unknown as { joinCode: string }).joinCode);
    expect((await api(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch`, {}, pt)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch`, { minZoom: 5, maxZoom: 2 }, ws.facilitatorToken)).status).toBe(400);

    const start = await api<{ job: { total: number } }>(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch`, { minZoom: 12, maxZoom: 16 }, ws.facilitatorToken);
    expect(start.status).toBe(202);
    expect(start.body.job.total).toBe(expected.size);
    type Status = { job: { state: string; done: number; fetched: number; failed: number }; stored: { count: number; label: { ja: string } } };
    let st: Status | null = null;
    await until(async () => {
      st = (await api<Status>(srv!.url, 'GET', `/api/workshops/${ws.id}/tiles`, undefined, ws.staffToken)).body;
      return st.job.state === 'done';
    }, 'prefetch done');
    expect(st!.job.fetched).toBe(expected.size);
    expect(st!.job.failed).toBe(0);
    expect(new Set(up.asked())).toEqual(expected);
    expect(up.requests()).toBe(expected.size);
    expect(up.maxInFlight()).toBeLessThanOrEqual(3);
    expect(up.maxInFlight()).toBeGreaterThan(1);
    expect(st!.stored.count).toBe(expected.size);
    expect(st!.stored.label.ja).toMatch(new RegExp(`^保存済み：${expected.size.toLocaleString('en-US')}枚・[\\d.]+MB・z12–16$`));

    // a second prefetch (resume) fetches nothing more
    await api(srv.url, 'POST', `/api/workshops/${ws.id}/tiles/prefetch`, { minZoom: 12, maxZoom: 16 }, ws.facilitatorToken);
    await until(async () => (await api<Status>(srv!.url, 'GET', `/api/workshops/${ws.id}/tiles`, undefined, ws.staffToken)).body.job.state === 'done', 'resume done');
    expect(up.requests()).toBe(expected.size);

    // restart with the upstream stopped: every tile still served from the cache
    await srv.close();
    await up.close();
    srv = await startServer({ tileUrl: up.url, dataDir });
    for (const k of [...expected].slice(0, 10).concat('15/29080/12875')) {
      const r = await fetch(`${srv.url}/tiles/${k}.png`);
      expect(r.status, k).toBe(200);
      expect(r.headers.get('x-tile-source')).toBe('cache');
    }
    up = null;
  });

  it('a prefetch can be cancelled and resumed', async () => {
    up = await startFakeUpstream({ delayMs: 20 });
    srv = await startServer({ tileUrl: up.url });
    const ws = await createWorkshop(srv.url);
    type Status = { job: { state: string; done: number; total: number; fetched: number; skipped: number } };
    const path0 = `/api/workshops/${ws.id}/tiles`;
    const start = await api<{ job: { total: number } }>(srv.url, 'POST', `${path0}/prefetch`, { minZoom: 12, maxZoom: 15 }, ws.facilitatorToken);
    expect(start.status).toBe(202);
    await until(async () => (await api<Status>(srv!.url, 'GET', path0, undefined, ws.facilitatorToken)).body.job.done >= 5, 'some progress');
    expect((await api(srv.url, 'POST', `${path0}/prefetch/cancel`, undefined, ws.facilitatorToken)).status).toBe(200);
    let st: Status | null = null;
    await until(async () => {
      st = (await api<Status>(srv!.url, 'GET', path0, undefined, ws.facilitatorToken)).body;
      return st.job.state === 'cancelled';
    }, 'cancelled');
    const fetchedBefore = st!.job.fetched;
    expect(fetchedBefore).toBeLessThan(start.body.job.total);
    await api(srv.url, 'POST', `${path0}/prefetch`, { minZoom: 12, maxZoom: 15 }, ws.facilitatorToken);
    await until(async () => {
      st = (await api<Status>(srv!.url, 'GET', path0, undefined, ws.facilitatorToken)).body;
      return st.job.state === 'done';
    }, 'resumed');
    expect(st!.job.skipped).toBe(fetchedBefore);
    expect(st!.job.fetched + st!.job.skipped).toBe(start.body.job.total);
    expect(up.requests()).toBe(start.body.job.total);
  });

  it('an imported MBTiles file serves tiles with no upstream; a corrupt file is refused and the source stays', async () => {
    srv = await startServer({ tileUrl: '' });
    const ws = await createWorkshop(srv.url);
    const file = path.join(tmpDataDir('tsunagu-mbt-'), 'kawagoe.mbtiles');
    const db = new Database(file);
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('name', '川越テスト地図');
    db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'png');
    const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, 15);
    db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(15, x, 2 ** 15 - 1 - y, tilePng());
    db.close();

    expect((await fetch(tileUrl(15, x, y))).status).toBe(404);
    const st0 = await api<{ importAllowed: boolean }>(srv.url, 'GET', `/api/workshops/${ws.id}/tiles`, undefined, ws.staffToken);
    const imp = await fetch(`${srv.url}/api/workshops/${ws.id}/tiles/import`, { method: 'POST', headers: { authorization: `Bearer ${ws.staffToken}` }, body: fs.readFileSync(file) });
    expect(imp.status).toBe(200);
    expect(await imp.json()).toMatchObject({ name: '川越テスト地図', count: 1 });
    const r = await fetch(tileUrl(15, x, y));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-tile-source')).toBe('mbtiles');
    expect(Buffer.from(await r.arrayBuffer()).equals(tilePng())).toBe(true);

    const corrupt = Buffer.from(fs.readFileSync(file));
    corrupt.fill(0x41, 100, corrupt.length);
    for (const body of [corrupt, Buffer.from('not a database at all')]) {
      const bad = await fetch(`${srv.url}/api/workshops/${ws.id}/tiles/import`, { method: 'POST', headers: { authorization: `Bearer ${ws.staffToken}` }, body });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/MBTiles import failed: .*current map source is unchanged/);
    }
    expect((await fetch(tileUrl(15, x, y))).headers.get('x-tile-source')).toBe('mbtiles');

    // the same file on a server whose map source is the operator's (TSUNAGU_TILE_IMPORT=off, the
    // default where workshop creation is limited to coordinators): refused, nothing installed
    const dataDir = tmpDataDir('tsunagu-tileoff-');
    for (const cfg of [{ tileImport: 'off' as const }, { workshopCreation: 'coordinators' as const }]) {
      const hosted = await startServer({ tileUrl: '', dataDir, ...cfg });
      try {
        const coordinator = cfg.workshopCreation ? (await createOrganisation(hosted.store, '市')).token : undefined;
        const made = await api<CreatedWorkshop>(hosted.url, 'POST', '/api/workshops', { title: '地区' }, coordinator);
        expect(made.status).toBe(201);
        const w = made.body;
        const st = await api<{ importAllowed: boolean }>(hosted.url, 'GET', `/api/workshops/${w.id}/tiles`, undefined, w.staffToken);
        expect(st.body.importAllowed).toBe(false);
        for (const token of [w.staffToken, w.facilitatorToken]) {
          const refused = await fetch(`${hosted.url}/api/workshops/${w.id}/tiles/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fs.readFileSync(file) });
          expect(refused.status).toBe(403);
          expect(((await refused.json()) as { error: string }).error).toMatch(/managed by its operator.*npm run tiles -- import/);
        }
        expect((await fetch(`${hosted.url}/tiles/15/${x}/${y}.png`)).status).toBe(404);
        expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('source.'))).toEqual([]);
      } finally {
        await hosted.close();
      }
    }
    expect(st0.body.importAllowed).toBe(true);
  });
});
