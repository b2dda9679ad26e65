import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE } from '@tsunagu/shared';
import { resolvePublicUrl, withDefaults, type Config, type ConfigInput } from './config.js';
import { ROUTE_MODULES } from './http/routes/index.js';
import { Router, sendJson } from './http/router.js';
import type { RouteDeps } from './http/routeDeps.js';
import { serveStatic } from './http/staticFiles.js';
import { SqliteStore } from './store/sqliteStore.js';
import type { Store } from './store/store.js';
import { installReliability, type Reliability } from './metrics/installReliability.js';
import { RoomManager, type RoomManagerEvents } from './sync/roomManager.js';
import { WsEndpoint } from './sync/wsEndpoint.js';
import { TileService } from './tiles/tileService.js';

export interface TsunaguServer {
  readonly config: Config;
  readonly store: Store;
  readonly rooms: RoomManager;
  readonly ws: WsEndpoint;
  readonly router: Router;
  /** Map tiles (issue 12). */
  readonly tiles: TileService;
  /** Limits, automatic versions, access log, /metrics (issue 6). */
  readonly reliability: Reliability;
  readonly http: http.Server;
  /** http://host:port once listening. */
  readonly url: string;
  readonly port: number;
  listen(): Promise<void>;
  /**
   * Graceful stop: refuse new connections, close sockets with "server restarting"
   * (1012, clients reconnect), save every room, close the store. Returns rooms that failed to save.
   */
  close(): Promise<string[]>;
}

export interface ServerOptions {
  config?: ConfigInput;
  /** Inject a store (tests); default: SQLite under config.dataDir. */
  store?: Store;
  /** Start listening before returning (default true). */
  listen?: boolean;
}

export async function createTsunaguServer(opts: ServerOptions = {}): Promise<TsunaguServer> {
  const config = withDefaults(opts.config ?? {});
  const store = opts.store ?? new SqliteStore(config.dataDir);
  const persistEvents: RoomManagerEvents = {
    onPersistError: (room, err) => console.error(`[persist] write failed for ${room}; kept in memory, retrying:`, (err as Error).message),
    onPersistRecovered: (room) => console.error(`[persist] ${room} saved again`),
    onRewritten: (room, { before, after }) => console.log(`[persist] ${room}: history rewritten as it unloaded (${before} → ${after} structs)`),
  };
  const rooms = new RoomManager(store, config, persistEvents);
  const router = new Router(store);
  const ws = new WsEndpoint(store, rooms, config);
  const reliability = installReliability({ config, store, rooms, ws, router, persistEvents });
  let port = 0;
  const httpServer = http.createServer();
  const tiles = new TileService({ dataDir: config.dataDir, upstreamUrl: config.tileUrl, concurrency: config.tileConcurrency, maxAgeMs: config.tileMaxAgeMs });
  const deps: RouteDeps = {
    store,
    tiles,
    rooms,
    config,
    publicUrl: () => resolvePublicUrl(config, port),
    selfUrl: () => `http://127.0.0.1:${port}`,
  };
  for (const register of ROUTE_MODULES) register(router, deps);

  httpServer.on('request', (req, res) => {
    router
      .handle(req, res)
      .then((handled) => {
        if (handled) return;
        if (serveStatic(config.staticDir, req, res)) return;
        sendJson(res, 404, { error: 'not found' });
      })
      .catch((err: unknown) => {
        console.error('request failed', err);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      });
  });
  httpServer.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));
  httpServer.on('clientError', (_err, socket) => socket.destroy());

  let closing: Promise<string[]> | null = null;
  const server: TsunaguServer = {
    config,
    store,
    rooms,
    ws,
    router,
    tiles,
    reliability,
    http: httpServer,
    get url() {
      return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    },
    get port() {
      return port;
    },
    listen: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          port = (httpServer.address() as AddressInfo).port;
          httpServer.off('error', reject);
          resolve();
        });
      }),
    close: () => {
      closing ??= (async () => {
        ws.accepting = false;
        httpServer.close();
        const failed = rooms.closeAll(CLOSE.RESTARTING, 'server restarting');
        ws.closeAll(CLOSE.RESTARTING, 'server restarting');
        await new Promise((r) => setTimeout(r, 20));
        ws.destroy();
        httpServer.closeAllConnections();
        if (!opts.store) store.close();
        tiles.close();
        return failed;
      })();
      return closing;
    },
  };
  if (opts.listen !== false) await server.listen();
  return server;
}
