import type * as Y from 'yjs';
import { participantKindLabel, readCategories, categoriesArray, safeColor, type Item } from '@tsunagu/shared';
import { B } from '../i18n/board.js';
import { useLang, useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import { useItems } from './useItems.js';

/** A plain list of the notes (phones, screen readers, and the board before the canvas loads). */
export function NotesList({ doc }: { doc: Y.Doc }) {
  const t = useT();
  const { lang } = useLang();
  const items = useItems(doc);
  useYVersion(categoriesArray(doc) as unknown as Y.AbstractType<unknown>);
  const cats = readCategories(doc);
  if (items.length === 0) return <p className="muted notes-empty">{t(B.noNotes)}</p>;
  return (
    <ul className="notes-list" data-testid="notes-list">
      {items.map((it: Item) => {
        const cat = cats.find((c) => c.id === it.category);
        return (
          <li key={it.id} className="note-row" data-testid="note-row" data-id={it.id} style={{ borderLeftColor: safeColor(cat?.color, '#bdbdbd') }}>
            <span className="note-icon" aria-hidden="true">
              {cat?.icon ?? '💬'}
            </span>
            <span className="note-text">{it.text}</span>
            <small className="note-author">
              {it.authorName} · {participantKindLabel(it.authorRole, lang)}
            </small>
          </li>
        );
      })}
    </ul>
  );
}
