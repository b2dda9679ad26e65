import type { Config } from '../config.js';
import type { Router } from '../http/router.js';
import type { AsyncStore } from '../store/asyncStore.js';
import type { RoomManager } from '../sync/roomManager.js';
import type { WsEndpoint } from '../sync/wsEndpoint.js';
import { createAuthorization } from '../extensions/authorization.js';
import type { Extension } from '../extensions/extension.js';
import { createPresence } from '../extensions/presence.js';
import { logRestrictedConnect } from '../history/accessLog.js';
import { createAutoVersions } from '../history/autoVersions.js';
import { createLimits, type LimitsStats } from '../limits/installLimits.js';
import { encodeNotice, makeNotice } from '../limits/notice.js';
import { Metrics } from './metrics.js';
import { requireMetricsAccess } from '../http/metricsAccess.js';
import { createAutoPlace } from '../board/autoPlace.js';

export interface Reliability {
  metrics: Metrics;
  limits: LimitsStats;
  autoVersions: { saved: number };
}

export interface ExtensionParts {
  config: Config;
  store: AsyncStore;
  /** Read lazily: the room manager is built with the list these extensions go into. */
  rooms: () => RoomManager;
}

/**
 * The server's default extensions, in order: limits (rate, per-address), authorisation of
 * writes, presence stamping, auto-placement of new notes, automatic versions, the restricted-document access log, storage
 * notices and logging, and metrics. Returns the list and the figures tests and /metrics read.
 */
export function defaultExtensions({ config, store, rooms }: ExtensionParts): { extensions: Extension[]; reliability: Reliability } {
  const metrics = new Metrics();
  const limits = createLimits(config);
  // the limits extension counts its own refusals; /metrics reads them live
  Object.defineProperties(metrics, {
    rateLimitedTotal: { get: () => limits.stats.rateLimited, configurable: true },
    refusedConnectionsTotal: { get: () => limits.stats.refusedConnections, configurable: true },
  });
  const auto = createAutoVersions(store, rooms, config.autoVersionMs);

  const accessLog: Extension = { name: 'access-log', onConnect: (peer) => logRestrictedConnect(store, peer) };

  // Tell a room's clients when saving fails and when it works again.
  const failing = new Set<string>();
  const tell = (roomName: string, code: 'save-failed' | 'save-recovered') => {
    const room = rooms().loadedRooms.find((r) => r.name === roomName);
    const frame = encodeNotice(makeNotice(code));
    for (const p of room?.peers ?? []) p.socket.send(frame);
  };
  const storage: Extension = {
    name: 'storage-notices',
    onPersistError(room, err) {
      console.error(`[persist] write failed for ${room}; kept in memory, retrying:`, (err as Error).message);
      if (!failing.has(room)) {
        failing.add(room);
        tell(room, 'save-failed');
      }
    },
    onPersistRecovered(room) {
      console.error(`[persist] ${room} saved again`);
      failing.delete(room);
      tell(room, 'save-recovered');
    },
    onRewritten(room, { before, after }) {
      console.log(`[persist] ${room}: history rewritten as it unloaded (${before} → ${after} structs)`);
    },
  };

  const counting: Extension = {
    name: 'metrics',
    onRefused: (_p, refusal) => {
      if (refusal.code !== 'read-only') metrics.refusedWritesTotal++;
    },
    onMalformed: () => void metrics.malformedFramesTotal++,
    onChange: () => void metrics.updatesTotal++,
    onStore: (_doc, n) => void (metrics.persistedUpdatesTotal += n),
    onPersistError: () => void metrics.writeErrorsTotal++,
  };
  const extensions = [limits, createAuthorization(config), createPresence(config), createAutoPlace(), auto, accessLog, storage, counting];
  return { extensions, reliability: { metrics, limits: limits.stats, autoVersions: auto } };
}

/** `/metrics`: Prometheus text, for loopback peers or `Authorization: Bearer $METRICS_TOKEN`. */
export function registerMetricsRoute(router: Router, { metrics }: Reliability, rooms: RoomManager, ws: WsEndpoint, config: Config): void {
  router.get('/metrics', (ctx) => {
    requireMetricsAccess(ctx, config);
    const now = Date.now();
    const loaded = rooms.loadedRooms;
    const body = metrics.render({
      rooms: () => loaded.length,
      connections: () => ws.connectionCount,
      persistenceLagSeconds: () =>
        loaded.reduce((m, r) => Math.max(m, r.persistence.oldestPendingAt ? (now - r.persistence.oldestPendingAt) / 1000 : 0), 0),
      pendingUpdates: () => loaded.reduce((s, r) => s + r.persistence.pendingCount, 0),
    });
    ctx.res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
    ctx.res.end(body);
  });
}
