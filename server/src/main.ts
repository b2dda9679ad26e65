import { CLOSE } from '@tsunagu/shared';
import { createTsunaguServer } from './app.js';
import { configFromEnv, resolvePublicUrl } from './config.js';

/** `npm start`: one process serving the client, the API and websocket sync. */
const config = configFromEnv();
// The PostgreSQL store (store/pgStore.ts) exists, but the sync and persistence path still calls
// the store synchronously; until it awaits the store, refuse rather than silently keep data
// in SQLite while the operator believes it goes to PostgreSQL (see docs/DEPLOY.md).
for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
  if (process.env[name]) {
    console.error(`${name} is set, but this version stores workshops only in SQLite under DATA_DIR and runs as one instance. Unset ${name} (see docs/DEPLOY.md).`);
    process.exit(2);
  }
}
const server = await createTsunaguServer({ config });
const publicUrl = resolvePublicUrl(config, server.port);
console.log(`tsunagu listening on ${server.url}`);
console.log(`  open this on the facilitator's laptop: http://localhost:${server.port}/`);
console.log(`  phones on the same Wi-Fi use:          ${publicUrl}/`);
console.log(`  data directory: ${config.dataDir}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: saving every workshop and closing connections (code ${CLOSE.RESTARTING})…`);
  const failed = await server.close();
  if (failed.length) console.error(`could not save: ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
