import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addItem, readItems } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { freePort } from '../helpers/postgres.js';
import { ROOT, createWorkshop, startServer, tmpDataDir } from '../helpers/server.js';

/**
 * docs/deploy/nginx-tsunagu.conf, as shipped, in front of a real server: Debian's nginx with a
 * self-signed certificate on free ports (the test only replaces ports, host name and
 * certificate paths). HTTPS requests and two y-websocket clients over wss reach the server.
 */

const CONF = path.join(ROOT, 'docs/deploy/nginx-tsunagu.conf');

describe('nginx reverse proxy with TLS (docs/deploy/nginx-tsunagu.conf)', () => {
  let srv: TsunaguServer;
  let nginx: ChildProcess;
  let dir: string;
  let cert: Buffer;
  let httpsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    srv = await startServer();
    dir = tmpDataDir('tsunagu-nginx-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = fs.readFileSync(path.join(dir, 'cert.pem'));
    httpsPort = await freePort();
    httpPort = await freePort();
    const site = fs
      .readFileSync(CONF, 'utf8')
      .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${srv.port};`)
      .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
      .replaceAll('tsunagu.example.jp;', '127.0.0.1;')
      .replace('/etc/letsencrypt/live/tsunagu.example.jp/fullchain.pem', path.join(dir, 'cert.pem'))
      .replace('/etc/letsencrypt/live/tsunagu.example.jp/privkey.pem', path.join(dir, 'key.pem'));
    fs.writeFileSync(path.join(dir, 'site.conf'), site);
    // the parts of Debian's /etc/nginx/nginx.conf a site relies on, with everything under `dir`
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
    );
    const conf = path.join(dir, 'nginx.conf');
    execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', conf], { stdio: 'pipe' });
    nginx = spawn('nginx', ['-p', dir, '-c', conf], { stdio: 'ignore' });
    // ready when it answers
    for (;;) {
      const ok = await get('/healthz').then(() => true, () => false);
      if (ok) break;
      if (nginx.exitCode !== null) throw new Error(fs.readFileSync(path.join(dir, 'error.log'), 'utf8'));
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await srv?.close();
  });

  function get(p: string, port = httpsPort, proto: 'https' | 'http' = 'https'): Promise<{ status: number; body: string; location?: string }> {
    return new Promise((resolve, reject) => {
      const mod = proto === 'https' ? https : http;
      const req = mod.request({ host: '127.0.0.1', port, path: p, ca: cert, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, location: res.headers.location }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers over HTTPS and redirects plain HTTP to HTTPS', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    const plain = await get('/healthz', httpPort, 'http');
    expect(plain.status).toBe(301);
    expect(plain.location).toBe('https://127.0.0.1/healthz');
  });

  it('carries the sync websocket over wss: two clients see each other\'s note', async () => {
    const ws = await createWorkshop(srv.url);
    // ws with the test certificate as its only trusted CA (y-websocket takes a WebSocket class)
    class TrustingWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { ca: cert });
      }
    }
    const open = (): { doc: Y.Doc; provider: WebsocketProvider } => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`wss://127.0.0.1:${httpsPort}/sync`, ws.id, doc, {
        params: { token: ws.facilitatorToken },
        WebSocketPolyfill: TrustingWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      return { doc, provider };
    };
    const a = open();
    const b = open();
    try {
      const synced = (p: WebsocketProvider) => new Promise<void>((r) => (p.synced ? r() : p.once('sync', (s: boolean) => s && r())));
      await Promise.all([synced(a.provider), synced(b.provider)]);
      const seen = new Promise<void>((resolve) => {
        const check = () => {
          if (readItems(b.doc).some((i) => i.text === '買い物が不便')) resolve();
        };
        b.doc.on('update', check);
        check();
      });
      addItem(a.doc, { text: '買い物が不便', category: 'ido' });
      await seen;
      expect(readItems(b.doc).map((i) => i.text)).toContain('買い物が不便');
    } finally {
      a.provider.destroy();
      b.provider.destroy();
    }
  });
});
