import type { Config } from '../config.js';
import type { Extension } from './extension.js';

/**
 * Presence (awareness) as the server allows it, never as a client claims it:
 * - a connection speaks for one awareness client id, the first it sends; entries for any
 *   other id are dropped (no one can move, rename or remove another person's cursor);
 * - a state over limits.maxPresenceBytes of JSON is dropped;
 * - `user.role` is stamped from the token, and for a participant also `user.id` (its user
 *   id), `user.name` and `user.kind` (what it gave when joining); staff and facilitator links
 *   are shared, so their holders keep the name they type (up to 40 characters);
 * - only a facilitator may broadcast `follow` (follow me); anyone else's is removed.
 */
export function createPresence(config: Config): Extension {
  const maxBytes = config.limits.maxPresenceBytes;
  return {
    name: 'presence',
    beforePresence({ peer, entries }) {
      for (const e of entries) {
        peer.presenceId ??= e.clientId;
        if (e.clientId !== peer.presenceId || e.size > maxBytes) {
          e.drop = true;
          continue;
        }
        const state = e.state;
        if (!state) continue;
        const user = typeof state.user === 'object' && state.user !== null && !Array.isArray(state.user) ? (state.user as Record<string, unknown>) : null;
        if (user) {
          user.role = peer.info.role;
          if (peer.info.role === 'participant') {
            user.id = peer.info.userId;
            user.name = peer.info.name;
            user.kind = peer.info.kind;
          } else if (typeof user.name !== 'string' || user.name.length > 40) user.name = String(user.name ?? '').slice(0, 40);
        }
        if (peer.info.role !== 'facilitator' && state.follow !== undefined && state.follow !== null) state.follow = null;
      }
    },
  };
}
