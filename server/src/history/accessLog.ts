import type { AsyncStore } from '../store/asyncStore.js';
import type { Peer } from '../sync/room.js';

/**
 * Who opened the restricted (staff) document, and when. Exports of restricted data are logged
 * by the export routes (action `export-restricted:<format>`); both land in `access_log`.
 */
export const CONNECT_RESTRICTED = 'connect-restricted';

export function logRestrictedConnect(store: AsyncStore, peer: Peer, now = Date.now()): void {
  if (!peer.room.restricted) return;
  store
    .logAccess({
      workshopId: peer.room.workshopId,
      at: now,
      action: CONNECT_RESTRICTED,
      role: peer.info.role,
      name: peer.info.name,
      detail: `kind=${peer.info.kind}`,
    })
    .catch((err: unknown) => console.error('[access-log] write failed:', (err as Error).message));
}
