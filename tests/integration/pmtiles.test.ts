import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { PmtilesSource } from '../../server/src/tiles/pmtiles.js';
import { tilePng } from '../e2e/mapTiles.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fakeTileUpstream.js';
import { writePmtiles, type PmtilesTile } from '../helpers/pmtilesWriter.js';
import { createWorkshop, startServer, tmpDataDir } from '../helpers/server.js';

/** The standard slippy-map formula (as in tiles.test.ts). */
function slippy(lat: number, lng: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)];
}
const KAWAGOE = { lat: 35.9251, lng: 139.4858 };

/** A distinct PNG per tile: the test image with the tile's address after its end. */
const pngFor = (z: number, x: number, y: number) => Buffer.concat([tilePng(), Buffer.from(`tile ${z}/${x}/${y}`)]);

function kawagoeTiles(): PmtilesTile[] {
  const tiles: PmtilesTile[] = [];
  for (const z of [15, 16]) {
    const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, z);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) tiles.push({ z, x: x + dx, y: y + dy, data: pngFor(z, x + dx, y + dy) });
  }
  return tiles;
}

let srv: TsunaguServer | null = null;
let up: FakeUpstream | null = null;
afterEach(async () => {
  await srv?.close();
  await up?.close();
  srv = null;
  up = null;
});

const importFile = (ws: { id: string; staffToken: string }, body: Uint8Array) =>
  fetch(`${srv!.url}/api/workshops/${ws.id}/tiles/import`, { method: 'POST', headers: { authorization: `Bearer ${ws.staffToken}` }, body: new Uint8Array(body) });

describe('PMTiles as the offline source (protomaps pmtiles library over a file handle)', () => {
  it('the reader returns every tile of an archive written from the spec, and nothing else', async () => {
    const dir = tmpDataDir('tsunagu-pmt-');
    const tiles: PmtilesTile[] = [];
    for (let z = 12; z <= 16; z++) {
      const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, z);
      for (let dx = 0; dx < 3; dx++) for (let dy = 0; dy < 2; dy++) tiles.push({ z, x: x + dx, y: y + dy, data: pngFor(z, x + dx, y + dy) });
    }
    for (const gzipDirectory of [true, false]) {
      const file = path.join(dir, `all-${gzipDirectory}.pmtiles`);
      fs.writeFileSync(file, writePmtiles(tiles, { name: '川越 PMTiles', gzipDirectory }));
      const src = await PmtilesSource.open(file);
      try {
        expect(src.name).toBe('川越 PMTiles');
        expect(src.stats()).toMatchObject({ count: tiles.length, minZoom: 12, maxZoom: 16 });
        for (const t of tiles) expect((await src.get(t.z, t.x, t.y))?.data.equals(t.data)).toBe(true);
        const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, 14);
        expect(await src.get(14, x + 5, y)).toBeNull(); // not in the archive
        expect(await src.get(17, x, y)).toBeNull(); // beyond maxZoom
      } finally {
        await src.close();
      }
    }
  });

  it('an imported PMTiles file serves tiles with no upstream request, with ETag/304, and survives a restart', async () => {
    up = await startFakeUpstream();
    const dataDir = tmpDataDir('tsunagu-pmt-data-');
    srv = await startServer({ tileUrl: up.url, dataDir });
    const ws = await createWorkshop(srv.url);
    const imp = await importFile(ws, writePmtiles(kawagoeTiles(), { name: '川越テスト地図' }));
    expect(imp.status).toBe(200);
    expect(await imp.json()).toMatchObject({ name: '川越テスト地図', format: 'pmtiles', count: 18, minZoom: 15, maxZoom: 16 });
    expect(fs.existsSync(path.join(dataDir, 'source.pmtiles'))).toBe(true);

    const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, 16);
    const r = await fetch(`${srv.url}/tiles/16/${x}/${y}.png`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-tile-source')).toBe('pmtiles');
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await r.arrayBuffer()).equals(pngFor(16, x, y))).toBe(true);
    const etag = r.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${srv.url}/tiles/16/${x}/${y}.png`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(up.requests()).toBe(0);

    const status = await (await fetch(`${srv.url}/api/workshops/${ws.id}/tiles`, { headers: { authorization: `Bearer ${ws.staffToken}` } })).json();
    expect(status).toMatchObject({ mbtiles: { name: '川越テスト地図', format: 'pmtiles', count: 18 } });

    await srv.close();
    await up.close();
    up = null;
    srv = await startServer({ tileUrl: '', dataDir });
    const r2 = await fetch(`${srv.url}/tiles/15/${slippy(KAWAGOE.lat, KAWAGOE.lng, 15).join('/')}.png`);
    expect(r2.status).toBe(200);
    expect(r2.headers.get('x-tile-source')).toBe('pmtiles');
  });

  it('a corrupt, cut-short, vector or unknown-version PMTiles file is refused with a clear error and the current source stays', async () => {
    const dataDir = tmpDataDir('tsunagu-pmt-bad-');
    srv = await startServer({ tileUrl: '', dataDir });
    const ws = await createWorkshop(srv.url);
    const good = writePmtiles(kawagoeTiles());
    expect((await importFile(ws, good)).status).toBe(200);
    const before = fs.readFileSync(path.join(dataDir, 'source.pmtiles'));

    const cut = good.subarray(0, good.length - 500);
    const badDirectory = Buffer.from(good);
    badDirectory.fill(0x41, 127, 160); // the gzip root directory overwritten
    const vector = writePmtiles(kawagoeTiles(), { tileType: 1 });
    const version2 = Buffer.from(good);
    version2.writeUInt8(2, 7);
    const cases: [Buffer, RegExp][] = [
      [cut, /cut short/],
      [badDirectory, /not a usable PMTiles file/],
      [vector, /vector tiles are not supported/],
      [version2, /spec version 2 is not supported/],
    ];
    for (const [body, reason] of cases) {
      const bad = await importFile(ws, body);
      expect(bad.status).toBe(400);
      const { error } = (await bad.json()) as { error: string };
      expect(error).toMatch(/^PMTiles import failed: /);
      expect(error).toMatch(reason);
      expect(error).toMatch(/current map source is unchanged$/);
    }
    expect(fs.readFileSync(path.join(dataDir, 'source.pmtiles')).equals(before)).toBe(true);
    const [x, y] = slippy(KAWAGOE.lat, KAWAGOE.lng, 16);
    const r = await fetch(`${srv.url}/tiles/16/${x + 1}/${y - 1}.png`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(pngFor(16, x + 1, y - 1))).toBe(true);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('.upload-'))).toEqual([]);
  });
});
