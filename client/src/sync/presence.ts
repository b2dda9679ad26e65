import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@tsunagu/shared';

/**
 * Presence (awareness, never persisted), as docs/ARCHITECTURE.md and PROTOCOL.md list it:
 * `user {id, name, role, color, kind}`, `cursor {x, y}` (board coordinates),
 * `dragging {ids, dx, dy}` plus `{id, x, y}` of the first note (positions while a drag is in
 * flight; the doc is written once on drop), `view {boardX, boardY, scale, boardW?, boardH?, lat?, lng?, zoom?}`
 * and `follow` (set by the facilitator: `{userId}` of the view to track; null when released).
 */
export interface PresenceUser {
  id: string;
  name: string;
  role: Role;
  kind: string;
  color: string;
}

export interface PresenceState {
  user?: PresenceUser;
  cursor?: { x: number; y: number } | null;
  dragging?: { id: string; x: number; y: number; ids?: string[]; dx?: number; dy?: number } | null;
  view?: { boardX: number; boardY: number; scale: number; boardW?: number; boardH?: number; lat?: number; lng?: number; zoom?: number } | null;
  follow?: { userId: string; forced: boolean } | null;
}

/** Colour per participant kind (役割), used for cursors and the small author label. */
export const KIND_COLORS: Record<string, string> = {
  jumin: '#2e7d32',
  minsei: '#ad1457',
  jichikai: '#6a1b9a',
  csw: '#00838f',
  gyosei: '#1565c0',
  houkatsu: '#ef6c00',
  senmon: '#4e342e',
  other: '#546e7a',
  facilitator: '#c62828',
};

export function colorForKind(kind: string): string {
  return KIND_COLORS[kind] ?? KIND_COLORS.other!;
}

export function peers(awareness: Awareness): { clientId: number; state: PresenceState }[] {
  const out: { clientId: number; state: PresenceState }[] = [];
  awareness.getStates().forEach((state, clientId) => {
    if (clientId !== awareness.clientID && (state as PresenceState).user) out.push({ clientId, state: state as PresenceState });
  });
  return out;
}
