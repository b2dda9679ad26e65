/**
 * Bench child: the peer a team would otherwise pick for several instances — Hocuspocus
 * (@hocuspocus/server 3.4.4, runs on Node 20) with its Redis extension
 * (@hocuspocus/extension-redis 3.4.4), no persistence. Started with REDIS_PORT; prints
 * `hocuspocus listening on <port>` once ready. Run: node --import tsx serverHocuspocus.ts
 */
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT) })],
});
await server.listen();
console.log(`hocuspocus listening on ${server.address.port}`);
process.on('SIGTERM', () => {
  void server.destroy().finally(() => process.exit(0));
});
