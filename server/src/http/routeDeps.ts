import type { Config } from '../config.js';
import type { AsyncStore } from '../store/asyncStore.js';
import type { RoomManager } from '../sync/roomManager.js';
import type { TileService } from '../tiles/tileService.js';

/** What every route module receives. */
export interface RouteDeps {
  store: AsyncStore;
  rooms: RoomManager;
  config: Config;
  /** Map tiles: imported MBTiles, cache, upstream (issue 12). */
  tiles: TileService;
  /** The URL phones should use (PUBLIC_URL or the LAN address), known once listening. */
  publicUrl(): string;
  /** The server's own base URL on loopback (for rendering pages in headless Chromium). */
  selfUrl(): string;
  /** Whether the database (and Redis, with several instances) answer: /healthz. */
  health?(): Promise<Health>;
  /** Issue 14: the laptop's default-organisation coordinator token (embedded SQLite only), for GET /api/local/coordinator-link. */
  localCoordinatorToken?(): string | null;
}

export interface Health {
  ok: boolean;
  /** Absent on SQLite. */
  database?: boolean;
  /** Absent with one instance (no REDIS_URL). */
  redis?: boolean;
}
