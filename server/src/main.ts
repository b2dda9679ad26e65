import { CLOSE } from '@tsunagu/shared';
import { createTsunaguServer } from './app.js';
import { configFromEnv, resolvePublicUrl } from './config.js';

/** `npm start`: one process serving the client, the API and websocket sync. */
const config = configFromEnv();
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
