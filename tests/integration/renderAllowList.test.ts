import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { PageRenderer, RenderBusyError, isAllowedRequest } from '@tsunagu/server';

/**
 * The PDF renderer (issue 11): exact origins only, no websockets, one browser behind a bounded
 * queue. Real headless Chromium against two local HTTP servers: the "server" whose page is
 * rendered, and a second origin the page must not reach.
 */
describe('isAllowedRequest: exact origins', () => {
  const allowed = ['http://127.0.0.1:8080', 'https://cyberjapandata.gsi.go.jp', 'https://*.tile.example.org'];
  it.each([
    ['http://127.0.0.1:8080/api/workshops/x/export.json', true],
    ['https://cyberjapandata.gsi.go.jp/xyz/std/15/1/2.png', true],
    ['https://a.tile.example.org/15/1/2.png', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:http://127.0.0.1:8080/123', true],
    ['https://cyberjapandata.gsi.go.jp.evil.example/x.png', false],
    ['https://cyberjapandata.gsi.go.jpevil.example/x.png', false],
    ['https://cyberjapandata.gsi.go.jp@evil.example/x.png', false],
    ['http://cyberjapandata.gsi.go.jp/x.png', false],
    ['https://cyberjapandata.gsi.go.jp:8443/x.png', false],
    ['http://127.0.0.1:8081/x', false],
    ['http://127.0.0.1:80801/x', false],
    ['http://localhost:8080/x', false],
    ['https://tile.example.org/x', false],
    ['https://a.b.tile.example.org/x', false],
    ['https://evil.example/?https://cyberjapandata.gsi.go.jp', false],
    ['file:///etc/passwd', false],
    ['ftp://127.0.0.1:8080/x', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(isAllowedRequest(url, allowed)).toBe(ok));
});

describe('PageRenderer in Chromium', () => {
  let page: http.Server;
  let other: http.Server;
  let pageOrigin = '';
  let otherOrigin = '';
  const otherHits: string[] = [];
  let upgrades = 0;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    other = http.createServer((req, res) => {
      otherHits.push(req.url ?? '');
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
      res.end('leak');
    });
    const wss = new WebSocketServer({ noServer: true });
    const onUpgrade = (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
      upgrades++;
      wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello'));
    };
    other.on('upgrade', onUpgrade);
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;

    page = http.createServer((req, res) => {
      if (req.url?.startsWith('/ok')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('fine');
        return;
      }
      const wsUrl = otherOrigin.replace('http', 'ws');
      const ownWs = `ws://127.0.0.1:${(page.address() as AddressInfo).port}/sync`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><body><h1>印刷</h1><script>
        const result = {};
        const tryFetch = (u) => fetch(u).then((r) => r.text(), () => 'blocked');
        const tryWs = (u) => new Promise((resolve) => {
          const ws = new WebSocket(u);
          ws.onmessage = () => resolve('open');
          ws.onclose = () => resolve('closed');
          ws.onerror = () => resolve('closed');
        });
        Promise.all([
          tryFetch('/ok'),
          tryFetch('${otherOrigin}/fetch'),
          tryFetch('http://localhost:${(other.address() as AddressInfo).port}/fetch-localhost'),
          tryWs('${wsUrl}/sync'),
          tryWs('${ownWs}'),
          new Promise((resolve) => { const i = new Image(); i.onload = () => resolve('loaded'); i.onerror = () => resolve('blocked'); i.src = '${otherOrigin}/img.png'; }),
        ]).then(([own, foreign, localhost, ws, ownWs, img]) => {
          Object.assign(window, { __result: { own, foreign, localhost, ws, ownWs, img } });
          document.body.dataset.printReady = '1';
        });
      </script></body>`);
    });
    page.on('upgrade', () => upgrades++);
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    release();
    await new Promise((r) => page.close(r));
    other.closeAllConnections();
    await new Promise((r) => other.close(r));
  });

  it('reaches only the allowed origin and opens no websocket', { timeout: 60_000 }, async () => {
    const renderer = new PageRenderer();
    try {
      const result = await renderer.withRenderedPage({ url: `${pageOrigin}/print`, allowedOrigins: [pageOrigin] }, (p) => p.evaluate(() => (window as unknown as { __result: unknown }).__result));
      expect(result).toEqual({ own: 'fine', foreign: 'blocked', localhost: 'blocked', ws: 'closed', ownWs: 'closed', img: 'blocked' });
      expect(otherHits).toEqual([]);
      expect(upgrades).toBe(0);
    } finally {
      await renderer.close();
    }
  });

  it('runs one render at a time, queues a bounded number and refuses the rest with RenderBusyError', { timeout: 60_000 }, async () => {
    const renderer = new PageRenderer({ concurrency: 1, queueLimit: 1 });
    try {
      const gate = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const target = { url: `${pageOrigin}/print`, allowedOrigins: [pageOrigin] };
      const first = renderer.withRenderedPage(target, async () => {
        started();
        await gate;
        return 'first';
      });
      const second = renderer.withRenderedPage(target, async () => 'second');
      expect(renderer.load).toEqual({ running: 1, waiting: 1 });
      await expect(renderer.withRenderedPage(target, async () => 'third')).rejects.toBeInstanceOf(RenderBusyError);
      await running;
      release();
      expect(await first).toBe('first');
      expect(await second).toBe('second');
      expect(renderer.load).toEqual({ running: 0, waiting: 0 });
    } finally {
      await renderer.close();
    }
  });
});
