import { lazy, Suspense } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@tsunagu/shared';
import type { PresenceUser } from '../sync/presence.js';
import { PhoneBoard } from './PhoneBoard.js';

export interface BoardAreaProps {
  doc: Y.Doc;
  restrictedDoc: Y.Doc | null;
  awareness: Awareness;
  role: Role;
  user: PresenceUser;
  projector: boolean;
  phone: boolean;
  token: string;
  workshopId: string;
}

// The canvas (Konva) loads lazily: a resident's phone shows PhoneBoard and never downloads it.
const BoardWorkspace = lazy(() => import('./BoardWorkspace.js').then((m) => ({ default: m.BoardWorkspace })));

/** The board slot: the canvas on wide screens, a list with big buttons on phones. */
export function BoardArea(props: BoardAreaProps) {
  return props.phone && !props.projector ? (
    <PhoneBoard {...props} />
  ) : (
    <Suspense fallback={null}>
      <BoardWorkspace {...props} />
    </Suspense>
  );
}
