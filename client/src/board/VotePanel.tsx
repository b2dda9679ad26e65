import { useState } from 'react';
import type * as Y from 'yjs';
import { dotsUsed, endVote, placeDot, removeDot, revealVote, totalVotes, type VoteSettings } from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import type { BoardNote } from './useBoardData.js';

/**
 * Dot voting as a list (big buttons; also the phone's way to vote): place and take back
 * dots within the budget; totals stay hidden until the facilitator reveals them, then the
 * list can be sorted by votes.
 */
export function VotePanel({
  doc,
  notes,
  vote,
  voterId,
  canVote,
  canManage = false,
  onClose,
}: {
  doc: Y.Doc;
  notes: readonly BoardNote[];
  vote: VoteSettings;
  voterId: string;
  canVote: boolean;
  /** The facilitator also gets reveal / close buttons here. */
  canManage?: boolean;
  onClose?: () => void;
}) {
  const t = useT();
  const [byVotes, setByVotes] = useState(true);
  const [refused, setRefused] = useState(false);
  const used = dotsUsed(doc, voterId);
  const left = Math.max(0, vote.budget - used);
  const list = notes.filter((n) => !n.restricted);
  const sorted = vote.revealed && byVotes ? [...list].sort((a, b) => totalVotes(b) - totalVotes(a) || a.createdAt - b.createdAt) : list;
  return (
    <aside className="side-panel vote-panel" data-testid="vote-panel" data-left={left} data-revealed={vote.revealed}>
      <header>
        <h3>{t(B2.voteTitle)}</h3>
        {onClose && (
          <button type="button" className="btn btn-small" onClick={onClose}>
            {t(B2.close)}
          </button>
        )}
      </header>
      {vote.active && canVote && (
        <p className="dots-left" data-testid="dots-left">
          {'●'.repeat(left)}
          {'○'.repeat(Math.min(20, used))} {t(B2.dotsLeft, { n: left })}
        </p>
      )}
      {refused && (
        <p className="warn" role="alert" data-testid="vote-refused">
          {t(B2.budgetUsed)}
        </p>
      )}
      {canManage && (
        <div className="vote-manage">
          <button type="button" className="btn btn-small" data-testid="vote-reveal" onClick={() => revealVote(doc, !vote.revealed)}>
            {vote.revealed ? t(B2.hide) : t(B2.reveal)}
          </button>
          {vote.active && (
            <button type="button" className="btn btn-small" data-testid="vote-end" onClick={() => endVote(doc)}>
              {t(B2.endVote)}
            </button>
          )}
        </div>
      )}
      {!vote.revealed && <p className="muted">{t(B2.hidden)}</p>}
      {vote.revealed && (
        <button type="button" className="btn btn-small" data-testid="vote-sort" onClick={() => setByVotes(!byVotes)}>
          {byVotes ? t(B2.sortBoard) : t(B2.sortVotes)}
        </button>
      )}
      <ul>
        {sorted.map((n) => {
          const mine = n.votes[voterId] ?? 0;
          const total = totalVotes(n);
          return (
            <li key={n.id} data-testid="vote-row" data-id={n.id} data-mine={mine} data-total={vote.revealed ? total : ''}>
              <span className="vote-text">{n.text}</span>
              <span className="vote-mine" aria-label="my dots">
                {'●'.repeat(mine)}
              </span>
              {vote.revealed && <strong className="vote-total">{t(B2.votes, { n: total })}</strong>}
              {vote.active && canVote && (
                <span className="vote-btns">
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    data-testid={`dot-add-${n.id}`}
                    onClick={() => setRefused(placeDot(doc, n.id, voterId) === 'budget-exhausted')}
                  >
                    {t(B2.placeDot)}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid={`dot-remove-${n.id}`}
                    disabled={mine === 0}
                    onClick={() => {
                      removeDot(doc, n.id, voterId);
                      setRefused(false);
                    }}
                  >
                    {t(B2.removeDot)}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
