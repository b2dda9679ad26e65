import type { Extension } from '../extensions/extension.js';
import type { AsyncStore } from '../store/asyncStore.js';

/**
 * Issue 14: a workshop's `last_activity_at` (the coordinator's list) — set when its documents'
 * updates are stored, at most once a minute per workshop, never in the write's way (a failure
 * is ignored: the next write sets it).
 */
export function createActivityTracker(store: AsyncStore, everyMs = 60_000): Extension {
  const last = new Map<string, number>();
  return {
    name: 'activity',
    onStore(docName) {
      const id = docName.split('/')[0]!;
      const now = Date.now();
      if (now - (last.get(id) ?? 0) < everyMs) return;
      last.set(id, now);
      store.touchWorkshop(id, now).catch(() => last.delete(id));
    },
    onUnload(room) {
      if (!room.restricted) last.delete(room.workshopId);
    },
  };
}
