import path from 'node:path';
import type { TsunaguServer } from '@tsunagu/server';
import { startTileServer } from '../e2e/mapTiles.js';
import { ROOT, startServer, tmpDataDir } from './server.js';

/**
 * A real server serving the built client (client/dist; `npm test` builds it first), with map
 * tiles from a local tile server on 127.0.0.1 (tests never fetch remote tiles; with the default
 * GSI URL every page, and every screenshot, would show the "no map tiles" notice). Closing the
 * server closes its tile server too.
 */
export async function startE2eServer(): Promise<TsunaguServer> {
  const tiles = await startTileServer('ok');
  const srv = await startServer({ dataDir: tmpDataDir('tsunagu-e2e-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: tiles.url });
  const close = srv.close;
  return Object.assign(srv, {
    close: async () => {
      try {
        return await close();
      } finally {
        await tiles.close();
      }
    },
  });
}
