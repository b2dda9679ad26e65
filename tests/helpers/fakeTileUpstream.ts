import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tilePng } from '../e2e/mapTiles.js';

/**
 * A fake upstream tile server on 127.0.0.1 (never the internet) that counts what it is asked:
 * every request, the tiles asked for, and the most requests in flight at once. `delayMs` holds
 * each answer open so concurrency can be observed; `mode` makes it misbehave.
 */
export interface FakeUpstream {
  url: string;
  requests(): number;
  /** z/x/y keys in request order. */
  asked(): string[];
  maxInFlight(): number;
  userAgents(): Set<string>;
  mode: 'ok' | 'fail' | 'html' | 'huge';
  delayMs: number;
  close(): Promise<void>;
}

/**
 * `tileBytes` pads each answer to about that size (bytes after the PNG's end, which image
 * decoders ignore), so benchmarks move as many bytes as real 地理院タイル (≈ 10–30 KB).
 */
export async function startFakeUpstream(opts: { delayMs?: number; tileBytes?: number } = {}): Promise<FakeUpstream> {
  const plain = tilePng();
  const png = opts.tileBytes && opts.tileBytes > plain.length ? Buffer.concat([plain, Buffer.alloc(opts.tileBytes - plain.length)]) : plain;
  const asked: string[] = [];
  const agents = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const m = /^\/up\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    asked.push(`${m[1]}/${m[2]}/${m[3]}`);
    agents.add(String(req.headers['user-agent']));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const answer = () => {
      inFlight--;
      if (up.mode === 'fail') res.writeHead(503).end('unavailable');
      else if (up.mode === 'html') res.writeHead(200, { 'content-type': 'image/png' }).end('<html>captive portal</html>');
      else if (up.mode === 'huge') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]));
      else res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
    };
    if (up.delayMs > 0) setTimeout(answer, up.delayMs);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const up: FakeUpstream = {
    url: `http://127.0.0.1:${port}/up/{z}/{x}/{y}.png`,
    requests: () => asked.length,
    asked: () => [...asked],
    maxInFlight: () => maxInFlight,
    userAgents: () => agents,
    mode: 'ok',
    delayMs: opts.delayMs ?? 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return up;
}
