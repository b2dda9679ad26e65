import type { Config } from '../config.js';
import type { Router } from '../http/router.js';
import type { Store } from '../store/store.js';
import type { RoomHooks } from '../sync/room.js';
import type { RoomManager, RoomManagerEvents } from '../sync/roomManager.js';
import type { WsEndpoint } from '../sync/wsEndpoint.js';
import { logRestrictedConnect } from '../history/accessLog.js';
import { createAutoVersions } from '../history/autoVersions.js';
import { createLimits, type LimitsStats } from '../limits/installLimits.js';
import { encodeNotice, makeNotice } from '../limits/notice.js';
import { Metrics } from './metrics.js';
import { createAutoPlace } from '../board/autoPlace.js';

export interface ReliabilityParts {
  config: Config;
  store: Store;
  rooms: RoomManager;
  ws: WsEndpoint;
  router: Router;
  /** The RoomManager's (mutable) persistence events; wrapped to notify clients. */
  persistEvents: RoomManagerEvents;
}

export interface Reliability {
  metrics: Metrics;
  limits: LimitsStats;
  autoVersions: { saved: number };
}

/** Run several hooks of the same name in order; the first refusal wins for checkUpdate. */
function combine(...all: RoomHooks[]): RoomHooks {
  return {
    checkUpdate: (u, p, d) => {
      for (const h of all) {
        const r = h.checkUpdate?.(u, p, d) ?? null;
        if (r) return r;
      }
      return null;
    },
    onRefused: (p, r) => all.forEach((h) => h.onRefused?.(p, r)),
    onMalformed: (p, e) => all.forEach((h) => h.onMalformed?.(p, e)),
    onUpdate: (room, u, o) => all.forEach((h) => h.onUpdate?.(room, u, o)),
    onEmpty: (room) => all.forEach((h) => h.onEmpty?.(room)),
  };
}

/**
 * Install limits, automatic versions, the restricted-document access log, storage-failure
 * notices and `/metrics` on a server's parts (issue 6). Everything goes through the existing
 * hook points: RoomManager.hooks, WsEndpoint.gate, the persistence events and the router.
 */
export function installReliability(parts: ReliabilityParts): Reliability {
  const { config, store, rooms, ws, router } = parts;
  const metrics = new Metrics();
  const limits = createLimits(config);
  const auto = createAutoVersions(store, rooms, config.autoVersionMs);

  rooms.hooks = combine(rooms.hooks, limits.hooks, auto, createAutoPlace(), {
    onRefused: (_p, reason) => {
      if (reason !== 'read-only') metrics.refusedWritesTotal++;
    },
    onMalformed: () => void metrics.malformedFramesTotal++,
    onUpdate: () => void metrics.updatesTotal++,
  });

  const gate = limits.gate;
  ws.gate = {
    admit: (ip) => {
      const r = gate.admit?.(ip) ?? null;
      if (r) metrics.refusedConnectionsTotal++;
      return r;
    },
    onFrame: (peer, size) => {
      const code = gate.onFrame?.(peer, size) ?? null;
      if (code !== null) metrics.rateLimitedTotal++;
      return code;
    },
    onConnect: (peer, principal) => {
      gate.onConnect?.(peer, principal);
      logRestrictedConnect(store, peer);
    },
    onDisconnect: (peer) => gate.onDisconnect?.(peer),
  };

  // Count what reaches storage (updates/s persisted) and every failed write.
  const append = store.appendUpdates.bind(store);
  store.appendUpdates = (docName, updates) => {
    const seq = append(docName, updates);
    metrics.persistedUpdatesTotal += updates.length;
    return seq;
  };
  const appendMany = store.appendMany.bind(store);
  store.appendMany = (batches) => {
    const seqs = appendMany(batches);
    for (const b of batches) metrics.persistedUpdatesTotal += b.updates.length;
    return seqs;
  };

  // Tell the room's clients when saving fails and when it works again.
  const { onPersistError, onPersistRecovered } = parts.persistEvents;
  const failing = new Set<string>();
  const tell = (roomName: string, code: 'save-failed' | 'save-recovered') => {
    const room = rooms.loadedRooms.find((r) => r.name === roomName);
    const frame = encodeNotice(makeNotice(code));
    for (const p of room?.peers ?? []) p.socket.send(frame);
  };
  parts.persistEvents.onPersistError = (room, err) => {
    metrics.writeErrorsTotal++;
    onPersistError?.(room, err);
    if (!failing.has(room)) {
      failing.add(room);
      tell(room, 'save-failed');
    }
  };
  parts.persistEvents.onPersistRecovered = (room) => {
    onPersistRecovered?.(room);
    failing.delete(room);
    tell(room, 'save-recovered');
  };

  router.get('/metrics', (ctx) => {
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

  return { metrics, limits: limits.stats, autoVersions: auto };
}
