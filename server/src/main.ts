import { CLOSE } from '@tsunagu/shared';
import { createTsunaguServer } from './app.js';
import { configFromEnv, resolvePublicUrl } from './config.js';
import { RedisRelay } from './cluster/redisRelay.js';
import { PgStore } from './store/pgStore.js';

/** `npm start`: one process serving the client, the API and websocket sync. */
let config: ReturnType<typeof configFromEnv>;
try {
  config = configFromEnv();
} catch (err) {
  console.error(`configuration: ${(err as Error).message}`);
  process.exit(2);
}
// DATABASE_URL=postgres://…: workshops in PostgreSQL (schema migrated at start), else SQLite
// under DATA_DIR. REDIS_URL=redis://…: several instances share one PostgreSQL and relay through
// Redis (docs/DEPLOY.md). Several instances on SQLite files would each keep their own data.
const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
if (redisUrl && !databaseUrl) {
  console.error('REDIS_URL is set without DATABASE_URL: several instances must share one PostgreSQL database (see docs/DEPLOY.md).');
  process.exit(2);
}
let store: PgStore | undefined;
let relay: RedisRelay | undefined;
try {
  if (databaseUrl) store = await PgStore.open(databaseUrl);
  if (redisUrl) relay = await RedisRelay.connect(redisUrl);
} catch (err) {
  console.error(`could not connect: ${(err as Error).message}`);
  await store?.close();
  process.exit(2);
}
const server = await createTsunaguServer({ config, store, relay });
const publicUrl = resolvePublicUrl(config, server.port);
console.log(`tsunagu listening on ${server.url}`);
console.log(`  open this on the facilitator's laptop: http://localhost:${server.port}/`);
console.log(`  phones on the same Wi-Fi use:          ${publicUrl}/`);
if (server.coordinatorLink) console.log(`コーディネーター用リンク: ${server.coordinatorLink}`);
console.log(store ? `  database: PostgreSQL${relay ? `; several instances through Redis (instance ${relay.instanceId.toString('hex').slice(0, 8)})` : ''}` : `  data directory: ${config.dataDir}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: saving every workshop and closing connections (code ${CLOSE.RESTARTING})…`);
  const failed = await server.close();
  await relay?.close();
  await store?.close();
  if (failed.length) console.error(`could not save: ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
