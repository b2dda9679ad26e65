import { memo, useDeferredValue } from 'react';
import { participantKindLabel, totalVotes, type Column, type Lang, type Offer } from '@tsunagu/shared';
import type { BoardNote } from './useBoardData.js';

const NO_NOTES: readonly BoardNote[] = [];

/**
 * An accessible mirror of the canvas (screen readers cannot read a canvas): every live
 * note with its lane, position and — once revealed — its votes. Visually hidden. It is
 * rendered at low priority after the canvas (a deferred value: thousands of rows must not
 * hold back the first drawing of the board), and it sits off screen so its layout is skipped.
 */export const NotesMirror = memo(function NotesMirror({
  notes: current,
  columns,
  lang,
  revealed,
  label,
  offers,
}: {
  notes: readonly BoardNote[];
  columns: readonly Column[];
  lang: Lang;
  revealed: boolean;
  label: string;
  /** ニーズとシーズ: offers of help matching a need, read out with it. */
  offers?: ReadonlyMap<string, Offer[]>;
}) {
  const notes = useDeferredValue(current, NO_NOTES);
  const laneLabel = new Map(columns.map((c) => [c.id, c.label]));
  return (
    <ul className="sr-only notes-mirror" aria-label={label} data-testid="notes-mirror">
      {notes.map((n) => (
        <li key={n.id} data-testid="note-row" data-id={n.id} data-column={n.column} data-x={n.x} data-y={n.y} data-group={n.groupId ?? ''} data-restricted={n.restricted}>
          {n.text}（{laneLabel.get(n.column) ?? n.column}・{participantKindLabel(n.authorRole, lang)}
          {revealed ? `・${totalVotes(n)}` : ''}）
          {offers?.get(n.id) && <span data-testid="note-offers">🤝 {offers.get(n.id)!.map((o) => o.text).join('／')}</span>}
        </li>
      ))}
    </ul>
  );
});
