import { useState } from 'react';
import { totalVotes, type VoteSettings } from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import type { BoardNote } from './useBoardData.js';
import type { Voting } from './useVoting.js';

/**
 * Dot voting as a list (big buttons; also the phone's way to vote): place and take back
 * dots within the budget, through the server; totals are not on any device until the
 * facilitator reveals them, then the list can be sorted by votes.
 */
export function VotePanel({
  notes,
  vote,
  voting,
  canVote,
  canManage = false,
  onClose,
}: {
  notes: readonly BoardNote[];
  vote: VoteSettings;
  voting: Voting;
  canVote: boolean;
  /** The facilitator also gets reveal / close buttons here. */
  canManage?: boolean;
  onClose?: () => void;
}) {
  const t = useT();
  const [byVotes, setByVotes] = useState(true);
  const used = voting.used;
  const left = voting.left;
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
      {voting.refused && (
        <p className="warn" role="alert" data-testid="vote-refused">
          {left === 0 ? t(B2.budgetUsed) : voting.refused}
        </p>
      )}
      {canManage && (
        <div className="vote-manage">
          <button type="button" className="btn btn-small" data-testid="vote-reveal" onClick={() => void voting.reveal(!vote.revealed)}>
            {vote.revealed ? t(B2.hide) : t(B2.reveal)}
          </button>
          {vote.active && (
            <button type="button" className="btn btn-small" data-testid="vote-end" onClick={() => void voting.end()}>
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
          const mine = voting.mine[n.id] ?? 0;
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
                    onClick={() => void voting.place(n.id)}
                  >
                    {t(B2.placeDot)}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid={`dot-remove-${n.id}`}
                    disabled={mine === 0}
                    onClick={() => void voting.remove(n.id)}
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
