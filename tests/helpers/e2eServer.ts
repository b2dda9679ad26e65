import path from 'node:path';
import type { TsunaguServer } from '@tsunagu/server';
import { ROOT, startServer, tmpDataDir } from './server.js';

/** A real server serving the built client (client/dist; `npm test` builds it first). */
export async function startE2eServer(): Promise<TsunaguServer> {
  return startServer({ dataDir: tmpDataDir('tsunagu-e2e-'), staticDir: path.join(ROOT, 'client', 'dist') });
}
