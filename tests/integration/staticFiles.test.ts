import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { ROOT, startServer, tmpDataDir } from '../helpers/server.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw GET (fetch would decode the body and hide Content-Encoding). */
function get(base: string, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + pathname, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const APP_JS = `console.log(${JSON.stringify('つなぐ '.repeat(400))});\n`;

describe('static files (sirv): compression, ETags, caching, SPA fallback', () => {
  let srv: TsunaguServer;
  let dist: string;

  beforeAll(async () => {
    dist = tmpDataDir('tsunagu-dist-');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>つなぐ</title><div id="root"></div>');
    const js = path.join(dist, 'assets', 'index-AbC123.js');
    fs.writeFileSync(js, APP_JS);
    fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(APP_JS));
    fs.writeFileSync(`${js}.gz`, zlib.gzipSync(APP_JS));
    fs.copyFileSync(path.join(ROOT, 'client', 'public', 'favicon.ico'), path.join(dist, 'favicon.ico'));
    srv = await startServer({ staticDir: dist });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('sends the brotli copy to a browser that accepts br, gzip to one that accepts gzip only, plain otherwise', async () => {
    const br = await get(srv.url, '/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(APP_JS);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);

    const gz = await get(srv.url, '/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(APP_JS);

    const plain = await get(srv.url, '/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  it('caches hashed assets for a year (immutable) and revalidates index.html by ETag', async () => {
    const asset = await get(srv.url, '/assets/index-AbC123.js', { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await get(srv.url, '/');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    const etag = index.headers['etag'];
    expect(etag).toBeTruthy();
    const again = await get(srv.url, '/', { 'if-none-match': String(etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers client routes with index.html, but never API, sync or missing files', async () => {
    const route = await get(srv.url, '/w/abcdefgh12/board');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<div id="root">');
    expect(route.headers['cache-control']).toBe('no-cache');
    for (const p of ['/api/nothing-here', '/sync/abcdefgh12', '/assets/missing-123.js', '/robots.txt', '/../package.json']) {
      const r = await get(srv.url, p);
      expect(r.status, p).toBe(404);
      expect(r.body.toString(), p).not.toContain('<div id="root">');
    }
    const post = await get(srv.url, '/', {}, 'POST');
    expect(post.status).toBe(404);
  });

  it('serves a favicon (no /favicon.ico 404)', async () => {
    const r = await get(srv.url, '/favicon.ico');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/icon/);
    expect(r.body.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('the built client ships brotli and gzip copies of every script and stylesheet', () => {
    // `npm test` and `npm run bench` build the client first (vite build + client/precompress.ts).
    const assets = path.join(ROOT, 'client', 'dist', 'assets');
    const files = fs.readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      if (fs.statSync(path.join(assets, f)).size < 1024) continue;
      expect(fs.existsSync(path.join(assets, `${f}.br`)), `${f}.br`).toBe(true);
      expect(fs.existsSync(path.join(assets, `${f}.gz`)), `${f}.gz`).toBe(true);
    }
    expect(fs.existsSync(path.join(ROOT, 'client', 'dist', 'favicon.ico'))).toBe(true);
  });
});
