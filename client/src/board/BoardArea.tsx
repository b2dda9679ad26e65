import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { canWrite, type Role } from '@tsunagu/shared';
import type { PresenceUser } from '../sync/presence.js';
import { NoteComposer } from './NoteComposer.js';
import { NotesList } from './NotesList.js';

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

/** The board slot: composer + notes (the canvas replaces the list on wide screens). */
export function BoardArea({ doc, role, user }: BoardAreaProps) {
  return (
    <div className="board-area">
      {canWrite(role) && <NoteComposer doc={doc} user={user} />}
      <NotesList doc={doc} />
    </div>
  );
}
