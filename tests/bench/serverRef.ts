/**
 * Bench child: the reference server, @y/websocket-server@0.1.1 (`setupWSConnection` on a
 * plain ws server, no persistence), in its own process — it keeps module-global state.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection, docs } from '@y/websocket-server/utils';
import { cpuMs, eventLoopProbe, measureMemory, serveCommands } from './childProcess.js';

const loop = eventLoopProbe();

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('reference');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (conn, req) => setupWSConnection(conn, req));
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  process.exit(0);
});

serveCommands(
  {
    memory: () => measureMemory(),
    cpu: () => cpuMs(),
    stats: () => ({ persisted: 0, applied: 0, pending: 0, rooms: (docs as Map<string, unknown>).size, connections: wss.clients.size, eventLoop: loop.read() }),
    resetProbes: () => {
      loop.reset();
      return null;
    },
  },
  { url: `http://127.0.0.1:${port}`, wsBase: `ws://127.0.0.1:${port}` },
);
