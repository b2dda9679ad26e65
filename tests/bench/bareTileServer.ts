/**
 * Bench child: the floor for the tiles bench — a bare node:http server that answers every
 * request with the same bytes and the same headers a cached tile gets (no routing, no cache
 * lookup, no security headers). What the machine allows for the same phones.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpuMs, measureMemory, serveCommands } from './childProcess.js';

const bytes = Number(process.env.BENCH_TILE_BYTES ?? 24 * 1024);
const body = Buffer.alloc(bytes, 7);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length, 'cache-control': 'public, max-age=86400', etag: '"floor"' });
  res.end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
serveCommands({ cpu: () => cpuMs(), memory: () => measureMemory() }, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
