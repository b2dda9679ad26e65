import { afterEach, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { tilePng } from '../e2e/mapTiles.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fakeTileUpstream.js';
import { startServer } from '../helpers/server.js';

let srv: TsunaguServer | null = null;
let up: FakeUpstream | null = null;
afterEach(async () => {
  await srv?.close();
  await up?.close();
  srv = null;
  up = null;
});

describe('hot tiles in memory (the hit path for 40 phones at once)', () => {
  it('a hot tile is answered from memory with the security headers, a strong ETag and 304; memory stays within TILE_MEMORY_MB; evicted tiles come from SQLite', async () => {
    up = await startFakeUpstream();
    const tile = tilePng();
    // room for three tiles
    srv = await startServer({ tileUrl: up.url, tileMemoryBytes: tile.length * 3 + 10 });
    const url = (x: number) => `${srv!.url}/tiles/16/${58160 + x}/${25750}.png`;

    const first = await fetch(url(0));
    expect(first.headers.get('x-tile-source')).toBe('upstream');
    await first.arrayBuffer();
    const hot = await fetch(url(0));
    expect(hot.status).toBe(200);
    expect(hot.headers.get('x-tile-source')).toBe('cache');
    expect(Buffer.from(await hot.arrayBuffer()).equals(tile)).toBe(true);
    // the hit path skips the router but not the headers every response carries
    expect(hot.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(hot.headers.get('x-content-type-options')).toBe('nosniff');
    expect(hot.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = hot.headers.get('etag')!;
    expect(etag).toBe(first.headers.get('etag'));
    const notModified = await fetch(url(0), { headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect((await fetch(url(0), { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    expect((await fetch(url(0), { method: 'HEAD' })).headers.get('content-length')).toBe(String(tile.length));

    for (let x = 1; x < 10; x++) await (await fetch(url(x))).arrayBuffer();
    expect(up.requests()).toBe(10);
    expect(srv.tiles.memory.count).toBe(3);
    expect(srv.tiles.memory.bytes).toBeLessThanOrEqual(tile.length * 3 + 10);

    await up.close(); // evicted tiles are still in the SQLite cache
    up = null;
    for (let x = 0; x < 10; x++) {
      const r = await fetch(url(x));
      expect(r.status).toBe(200);
      expect(Buffer.from(await r.arrayBuffer()).equals(tile)).toBe(true);
    }
    // bad addresses still take the checked route
    expect((await fetch(`${srv.url}/tiles/16/99999999/1.png`)).status).toBe(400);
    expect((await fetch(`${srv.url}/tiles/16/-1/1.png`)).status).toBe(400);
  });
});
