import { CLOSE, readCategories, type NoticeCode } from '@tsunagu/shared';
import type { Config } from '../config.js';
import type { RoomHooks, Peer } from '../sync/room.js';
import type { ConnectionGate } from '../sync/wsEndpoint.js';
import { encodeNotice, makeNotice } from './notice.js';
import { TokenBucket } from './tokenBucket.js';
import { inspectUpdate } from './updateInspector.js';

/**
 * The limits that keep one misbehaving phone from spoiling the room, each configurable
 * (config.limits, LIMIT_* environment variables):
 * - messages per connection: a token bucket (messagesPerSecond, messageBurst); an empty bucket
 *   sends a `rate-limited` notice and closes with 4008 (y-websocket reconnects by itself);
 * - frame size: ws `maxPayload` (maxMessageBytes) closes with 1009;
 * - connections per IP address (connectionsPerIp): the upgrade is answered 429;
 * - items per workshop (maxItems) and note text length (maxTextLength): the update is inspected
 *   before it is applied (updateInspector.ts); a refused write sends a notice and closes the
 *   connection with 4413, because the client's later updates would depend on the refused one;
 * - privacy: an update giving an item of the public document a restricted category is refused
 *   the same way (notice `restricted-category`).
 * Connections are counted once they have joined a room, so a burst of simultaneous upgrades
 * can overshoot the per-IP limit by the number still loading (milliseconds).
 */
export interface LimitsStats {
  rateLimited: number;
  refused: number;
  refusedConnections: number;
}

const REFUSAL_CODES: readonly string[] = ['text-too-long', 'too-many-items', 'restricted-category'];

export function createLimits(config: Config): { gate: ConnectionGate; hooks: RoomHooks; stats: LimitsStats } {
  const limits = config.limits;
  const buckets = new WeakMap<Peer, TokenBucket>();
  const perIp = new Map<string, number>();
  const stats: LimitsStats = { rateLimited: 0, refused: 0, refusedConnections: 0 };

  const gate: ConnectionGate = {
    admit(ip) {
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
  };

  const hooks: RoomHooks = {
    checkUpdate(update, peer, decoded) {
      const effect = inspectUpdate(peer.room.doc, update, decoded);
      if (effect.newItems > 0) {
        const live = peer.room.doc.getMap('items').size;
        if (live + effect.newItems > limits.maxItems) return 'too-many-items';
      }
      if (effect.textLengths.some((n) => n > limits.maxTextLength)) return 'text-too-long';
      // Privacy: a restricted category (心配な世帯) never enters the public document, whatever
      // the client does; the restricted document is its only home.
      if (!peer.room.restricted && effect.categories.length > 0) {
        const restricted = new Set(readCategories(peer.room.doc).filter((c) => c.restricted).map((c) => c.id));
        if (effect.categories.some((c) => restricted.has(c))) return 'restricted-category';
      }
      return null;
    },
    onRefused(peer, reason) {
      if (!REFUSAL_CODES.includes(reason)) return; // e.g. a viewer's dropped write: silent
      stats.refused++;
      const code = reason as NoticeCode;
      const limit = code === 'text-too-long' ? limits.maxTextLength : code === 'too-many-items' ? limits.maxItems : undefined;
      peer.socket.send(encodeNotice(makeNotice(code, limit)));
      peer.close(CLOSE.REFUSED, reason);
    },
  };
  return { gate, hooks, stats };
}
