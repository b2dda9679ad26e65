import type { Extension } from '../extensions/extension.js';
import type { RouteDeps } from '../http/routeDeps.js';
import { orgDigests } from './digest.js';

/**
 * Issue 14: a workshop's city digest is brought up to date soon after its public room unloads
 * (the meeting is over, its last state saved), so a coordinator's first look at the city after
 * the day's workshops reads stored digests instead of decoding every document then. Runs in
 * the background, one workshop at a time, and never in anyone's way: a failure (the server
 * closing, the database gone) is ignored — the city view recomputes a stale digest itself.
 */
export function createDigestWarmer(deps: () => Pick<RouteDeps, 'store' | 'rooms'>, delayMs = 1000): Extension {
  let queue: Promise<void> = Promise.resolve();
  const warm = async (workshopId: string): Promise<void> => {
    const d = deps();
    if (d.rooms.isOpen(workshopId, false)) return; // reopened: its next unload warms it
    const w = await d.store.getWorkshop(workshopId);
    if (!w?.orgId) return;
    const row = (await d.store.listOrgWorkshops(w.orgId)).find((r) => r.id === workshopId);
    if (row) await orgDigests(d, w.orgId, [row]);
  };
  return {
    name: 'city-digests',
    onUnload(room) {
      if (room.restricted) return;
      const id = room.workshopId;
      setTimeout(() => {
        queue = queue.then(() => warm(id)).catch(() => {});
      }, delayMs).unref();
    },
  };
}
