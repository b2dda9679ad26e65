export { createTsunaguServer, type TsunaguServer, type ServerOptions } from './app.js';
export { configFromEnv, withDefaults, type Config, type ConfigInput, type Limits } from './config.js';
export { SqliteStore } from './store/sqliteStore.js';
export type { Store } from './store/store.js';
export { Router, HttpError, type Ctx } from './http/router.js';
export type { RouteDeps } from './http/routeDeps.js';
export { RoomManager, type RoomHandle } from './sync/roomManager.js';
export { Room, Peer, type SyncSocket } from './sync/room.js';
export { CHROMIUM_ARGS, PageRenderer, RenderBusyError, isAllowedRequest } from './exports/renderPage.js';
