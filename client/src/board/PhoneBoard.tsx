import { useState } from 'react';
import { canAccessRestricted, may, readMeta, readVote, metaMap, type Item } from '@tsunagu/shared';
import type * as Y from 'yjs';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import type { BoardAreaProps } from './BoardArea.js';
import { NoteComposer } from './NoteComposer.js';
import { NotesList } from './NotesList.js';
import { PhaseBanner } from './PhaseBanner.js';
import { TimerDisplay } from './TimerDisplay.js';
import { useBoardData } from './useBoardData.js';
import { VotePanel } from './VotePanel.js';
import { useVoting } from './useVoting.js';
import { ConsultButton, ConsultDialog } from '../privacy/ConsultDialog.js';
import { useProjecting } from '../privacy/projecting.js';

/** The board on a phone: the instruction, the timer, a composer and the notes as a list. */
export function PhoneBoard({ doc, role, user, workshopId, token }: BoardAreaProps) {
  const t = useT();
  useYVersion(metaMap(doc) as unknown as Y.AbstractType<unknown>);
  const meta = readMeta(doc);
  const vote = readVote(doc);
  const data = useBoardData(doc, null, { includeRestricted: false });
  const [showVote, setShowVote] = useState(true);
  const [consult, setConsult] = useState<string | null>(null);
  // Held notes (a sensitive word, issue 17): their writer and staff see them; other phones,
  // viewers and a staff screen set to 「投影中」 do not, until staff release them.
  const { projecting } = useProjecting();
  const staffish = canAccessRestricted(role);
  const visible = (it: Item) => !it.held || (!projecting && (staffish || it.authorId === user.id));
  const canVote = may(role, meta.phase, 'vote');
  const voting = useVoting(workshopId, token, vote, role !== 'viewer' && (vote.active || vote.revealed));
  return (
    <div className="board-area phone-board">
      <PhaseBanner phase={meta.phase} />
      <TimerDisplay doc={doc} />
      {may(role, meta.phase, 'add') && <NoteComposer doc={doc} user={user} onConsult={role === 'participant' ? (text) => setConsult(text) : undefined} />}
      {role === 'participant' && <ConsultButton compact onClick={() => setConsult('')} />}
      {consult !== null && <ConsultDialog workshopId={workshopId} initialText={consult} onClose={() => setConsult(null)} />}
      {vote.active || vote.revealed ? (
        <>
          <button type="button" className="btn btn-wide" onClick={() => setShowVote(!showVote)}>
            ● {t(B2.voteTitle)}
          </button>
          {showVote ? <VotePanel notes={data.notes} vote={vote} voting={voting} canVote={canVote} /> : <NotesList doc={doc} visible={visible} />}
        </>
      ) : (
        <NotesList doc={doc} visible={visible} />
      )}
    </div>
  );
}
