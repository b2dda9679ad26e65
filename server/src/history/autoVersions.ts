import { PHASE_LABELS, metaMap, syncRoomName, type Phase } from '@tsunagu/shared';
import type { AsyncStore } from '../store/asyncStore.js';
import type { Extension } from '../extensions/extension.js';
import { RELAY_ORIGIN, type Room } from '../sync/room.js';
import type { RoomManager } from '../sync/roomManager.js';
import { RESTORE_ORIGIN, saveVersionOf } from './versions.js';

/**
 * Automatic versions of the public document: one when the agenda phase (meta.phase) changes,
 * and one after every `intervalMs` of activity (the first update at least `intervalMs` after
 * the last version). An extension (`onChange`); a failed save is logged and retried
 * on the next update, it never disturbs the sync.
 */
export const AUTO_NAME = '自動保存';
export const phaseVersionName = (phase: Phase): string => `「${PHASE_LABELS[phase]?.ja ?? phase}」へ切替`;

interface RoomState {
  phase: unknown;
  lastAt: number;
}

export function createAutoVersions(store: AsyncStore, rooms: () => RoomManager, intervalMs: number, now: () => number = Date.now): Extension & { saved: number } {
  const state = new Map<string, RoomState>();
  const self = {
    name: 'auto-versions',
    saved: 0,
    onChange(room: Room, _update: Uint8Array, origin: unknown) {
      // with several instances, the instance a change was made on saves its versions
      if (room.restricted || origin === RELAY_ORIGIN) return;
      const t = now();
      const phase = metaMap(room.doc).get('phase');
      let s = state.get(room.name);
      if (!s) {
        const fresh: RoomState = { phase, lastAt: t };
        state.set(room.name, fresh);
        store.listVersions(room.name).then(
          (versions) => {
            if (versions.length) fresh.lastAt = Math.min(fresh.lastAt, versions[versions.length - 1]!.createdAt);
          },
          () => {},
        );
        return;
      }
      if ((origin as { detail?: string } | null)?.detail === RESTORE_ORIGIN.detail) {
        s.phase = phase;
        s.lastAt = t;
        return;
      }
      let name: string | null = null;
      if (phase !== s.phase && typeof phase === 'string') name = phaseVersionName(phase as Phase);
      else if (t - s.lastAt >= intervalMs) name = AUTO_NAME;
      if (!name) return;
      const restricted = rooms().loadedRooms.find((r) => r.name === syncRoomName(room.workshopId, true))?.doc ?? null;
      // the state is encoded now; until the write settles, no second version of the same change
      const saved = s;
      const before = { phase: saved.phase, lastAt: saved.lastAt };
      saved.phase = phase;
      saved.lastAt = t;
      saveVersionOf(store, room.workshopId, room.doc, restricted, name, true, t).then(
        () => void self.saved++,
        (err: unknown) => {
          // retried on the next update
          if (saved.lastAt === t) Object.assign(saved, before);
          console.error(`[history] automatic version of ${room.name} failed:`, (err as Error).message);
        },
      );
    },
  };
  return self;
}
