import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE } from '@tsunagu/shared';
import { resolvePublicUrl, withDefaults, type Config, type ConfigInput } from './config.js';
import { ROUTE_MODULES } from './http/routes/index.js';
import { Router, sendJson } from './http/router.js';
import type { Health, RouteDeps } from './http/routeDeps.js';
import { serveStatic } from './http/staticFiles.js';
import { createRequestGuard } from './http/requestGuard.js';
import { rendererOf } from './http/routes/print.js';
import { SqliteStore } from './store/sqliteStore.js';
import { isPingable, SqliteAsyncStore, type AsyncStore } from './store/asyncStore.js';
import type { RedisRelay } from './cluster/redisRelay.js';
import { Extensions, type Extension } from './extensions/extension.js';
import { createTokenAuth } from './extensions/tokenAuth.js';
import { defaultExtensions, registerMetricsRoute, type Reliability } from './metrics/installReliability.js';
import { RoomManager } from './sync/roomManager.js';
import { WsEndpoint } from './sync/wsEndpoint.js';
import { serveHotTile } from './http/routes/tiles.js';
import { TileService } from './tiles/tileService.js';
import { createActivityTracker } from './orgs/activity.js';
import { createDigestWarmer } from './city/digestWarmer.js';
import { ensureLocalCoordinatorToken } from './orgs/localLink.js';

export interface TsunaguServer {
  readonly config: Config;
  /** The store every part of the server awaits (SQLite through SqliteAsyncStore, or PgStore). */
  readonly store: AsyncStore;
  readonly rooms: RoomManager;
  readonly ws: WsEndpoint;
  readonly router: Router;
  /** The ordered extension list every room and connection runs (see extensions/extension.ts). */
  readonly extensions: Extensions;
  /** Map tiles (issue 12). */
  readonly tiles: TileService;
  /** Limits, automatic versions, access log, /metrics (issue 6). */
  readonly reliability: Reliability;
  readonly http: http.Server;
  /** http://host:port once listening. */
  readonly url: string;
  readonly port: number;
  /**
   * Issue 14: on the embedded SQLite store, the default organisation's coordinator link
   * (`<publicUrl>/o/default#token=…`, kept in `<dataDir>/coordinator-link.txt`) once listening; else null.
   */
  readonly coordinatorLink: string | null;
  listen(): Promise<void>;
  /**
   * Graceful stop: refuse new connections, close sockets with "server restarting"
   * (1012, clients reconnect), save every room, close the store. Returns rooms that failed to save.
   */
  close(): Promise<string[]>;
}

export interface ServerOptions {
  config?: ConfigInput;
  /**
   * Inject a store (PgStore from DATABASE_URL, tests); a SqliteStore is wrapped in
   * SqliteAsyncStore. Default: SQLite under config.dataDir. An injected store is not closed.
   */
  store?: AsyncStore | SqliteStore;
  /**
   * Several instances (REDIS_URL): rooms relay through it and are maintained by one instance
   * at a time; the caller closes it after close(). Use with a shared store (PgStore).
   */
  relay?: RedisRelay;
  /** Start listening before returning (default true). */
  listen?: boolean;
  /** Extensions run after the default ones (tests, embedding). */
  extensions?: Extension[];
}

export async function createTsunaguServer(opts: ServerOptions = {}): Promise<TsunaguServer> {
  const config = withDefaults(opts.config ?? {});
  const store: AsyncStore = opts.store instanceof SqliteStore ? new SqliteAsyncStore(opts.store) : (opts.store ?? new SqliteAsyncStore(new SqliteStore(config.dataDir)));
  let rooms: RoomManager | null = null;
  const defaults = defaultExtensions({ config, store, rooms: () => rooms! });
  const extensions = new Extensions([createTokenAuth(store), ...defaults.extensions, createActivityTracker(store), createDigestWarmer(() => ({ store, rooms: rooms! })), ...(opts.extensions ?? [])]);
  const relay = opts.relay ?? null;
  rooms = new RoomManager(store, config, extensions, relay);
  const router = new Router(store);
  const ws = new WsEndpoint(rooms, config, extensions);
  // the early answer from the stored bytes assumes nobody writes an unloaded room: with
  // several instances, another one may
  if (relay) ws.presync = false;
  const health = async (): Promise<Health> => {
    // the embedded SQLite file has nothing to lose contact with: {ok: true} as always
    const database = isPingable(store) ? await store.ping() : undefined;
    const redis = relay ? relay.healthy() : undefined;
    return { ok: database !== false && redis !== false, ...(database !== undefined ? { database } : {}), ...(redis !== undefined ? { redis } : {}) };
  };
  const reliability = defaults.reliability;
  registerMetricsRoute(router, reliability, rooms, ws, config);
  let port = 0;
  const httpServer = http.createServer();
  const tiles = new TileService({ dataDir: config.dataDir, upstreamUrl: config.tileUrl, concurrency: config.tileConcurrency, maxAgeMs: config.tileMaxAgeMs, memoryBytes: config.tileMemoryBytes });
  const deps: RouteDeps = {
    store,
    tiles,
    rooms,
    config,
    publicUrl: () => resolvePublicUrl(config, port),
    selfUrl: () => `http://127.0.0.1:${port}`,
    health,
    localCoordinatorToken: () => localToken,
  };
  // the laptop (embedded SQLite, not an injected store): the default organisation's coordinator link
  const embedded = !opts.store && store instanceof SqliteAsyncStore;
  let localToken: string | null = null;
  for (const register of ROUTE_MODULES) register(router, deps);

  const guard = createRequestGuard(config);
  httpServer.on('request', (req, res) => {
    if (serveHotTile(tiles, config, req, res)) return; // issue 12: the map's tiles from memory, before the router
    if (guard.http(req, res)) return;
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
  httpServer.on('upgrade', (req, socket, head) => guard.upgrade(req, socket) || ws.handleUpgrade(req, socket, head));
  httpServer.on('clientError', (_err, socket) => socket.destroy());

  let closing: Promise<string[]> | null = null;
  const server: TsunaguServer = {
    config,
    store,
    rooms,
    ws,
    router,
    extensions,
    tiles,
    reliability,
    http: httpServer,
    get url() {
      return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    },
    get port() {
      return port;
    },
    get coordinatorLink() {
      return localToken ? `${resolvePublicUrl(config, port)}/o/default#token=${localToken}` : null;
    },
    listen: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          port = (httpServer.address() as AddressInfo).port;
          httpServer.off('error', reject);
          if (!embedded) return resolve();
          ensureLocalCoordinatorToken(store, config.dataDir, resolvePublicUrl(config, port)).then((t) => {
            localToken = t;
            resolve();
          }, reject);
        });
      }),
    close: () => {
      closing ??= (async () => {
        ws.accepting = false;
        httpServer.close();
        const failed = await rooms.closeAll(CLOSE.RESTARTING, 'server restarting');
        ws.closeAll(CLOSE.RESTARTING, 'server restarting');
        await new Promise((r) => setTimeout(r, 20));
        ws.destroy();
        await rendererOf(deps).close();
        httpServer.closeAllConnections();
        if (!opts.store) await store.close();
        tiles.close();
        return failed;
      })();
      return closing;
    },
  };
  if (opts.listen !== false) await server.listen();
  return server;
}
