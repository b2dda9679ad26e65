import { CLOSE } from '@tsunagu/shared';
import type { Config } from '../config.js';
import type { Extension } from '../extensions/extension.js';
import type { Peer } from '../sync/room.js';
import { encodeNotice, makeNotice } from './notice.js';
import { TokenBucket } from './tokenBucket.js';

/**
 * The connection limits that keep one misbehaving phone from spoiling the room, each
 * configurable (config.limits, LIMIT_* environment variables), as one extension:
 * - messages per connection: a token bucket (messagesPerSecond, messageBurst); an empty bucket
 *   sends a `rate-limited` notice and closes with 4008 (y-websocket reconnects by itself);
 * - frame size: ws `maxPayload` (maxMessageBytes) closes with 1009;
 * - connections per IP address (connectionsPerIp): the upgrade is answered 429.
 * What a write may contain (text length, item count, the restricted category, who may write
 * what) is the authorisation extension's (server/src/authz). Connections are counted once
 * they have joined a room, so a burst of simultaneous upgrades can overshoot the per-IP limit
 * by the number still loading (milliseconds). The counts are per instance.
 */
export interface LimitsStats {
  rateLimited: number;
  refused: number;
  refusedConnections: number;
}

export function createLimits(config: Config): Extension & { stats: LimitsStats } {
  const limits = config.limits;
  const buckets = new WeakMap<Peer, TokenBucket>();
  const perIp = new Map<string, number>();
  const stats: LimitsStats = { rateLimited: 0, refused: 0, refusedConnections: 0 };

  return {
    name: 'limits',
    stats,
    onUpgrade({ ip }) {
      if ((perIp.get(ip) ?? 0) >= limits.connectionsPerIp) {
        stats.refusedConnections++;
        return { status: 429, message: `too many connections from this address (limit ${limits.connectionsPerIp})` };
      }
      return null;
    },
    onConnect(peer) {
      perIp.set(peer.info.ip, (perIp.get(peer.info.ip) ?? 0) + 1);
      buckets.set(peer, new TokenBucket(limits.messagesPerSecond, limits.messageBurst));
    },
    onDisconnect(peer) {
      const n = (perIp.get(peer.info.ip) ?? 1) - 1;
      if (n <= 0) perIp.delete(peer.info.ip);
      else perIp.set(peer.info.ip, n);
    },
    onFrame(peer) {
      const bucket = buckets.get(peer);
      if (peer.closed || !bucket || bucket.take()) return null;
      stats.rateLimited++;
      peer.socket.send(encodeNotice(makeNotice('rate-limited')));
      return CLOSE.RATE_LIMITED;
    },
    onRefused(_peer, refusal) {
      if (refusal.code !== 'read-only') stats.refused++;
    },
  };
}
