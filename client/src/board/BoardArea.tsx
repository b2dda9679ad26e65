import { lazy, Suspense } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@tsunagu/shared';
import type { PresenceUser } from '../sync/presence.js';
import { PHONE_QUERY } from '../ui/useMediaQuery.js';
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
const loadWorkspace = () => import('./BoardWorkspace.js');
const BoardWorkspace = lazy(() => loadWorkspace().then((m) => ({ default: m.BoardWorkspace })));
// On a wide screen opening a workshop, fetch the canvas code at once, alongside the workshop
// info and the document, instead of after them.
if (typeof window !== 'undefined' && location.pathname.startsWith('/w/') && !window.matchMedia(PHONE_QUERY).matches) void loadWorkspace();

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
