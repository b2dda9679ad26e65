import type * as Y from 'yjs';
import { participantKindLabel, readCategories, categoriesArray, connectorsMap, relationLines, safeColor, type Item } from '@tsunagu/shared';
import { B } from '../i18n/board.js';
import { useLang, useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import { useItems } from './useItems.js';

/** A plain list of the notes (phones, screen readers, and the board before the canvas loads). */
export function NotesList({ doc, visible }: { doc: Y.Doc; /** Which notes this screen may show (issue 17: held notes). */ visible?: (it: Item) => boolean }) {
  const t = useT();
  const { lang } = useLang();
  const all = useItems(doc);
  const items = visible ? all.filter(visible) : all;
  useYVersion(categoriesArray(doc) as unknown as Y.AbstractType<unknown>);
  const cats = readCategories(doc);
  useYVersion(connectorsMap(doc) as unknown as Y.AbstractType<unknown>);
  const relations = relationLines(doc);
  if (items.length === 0) return <p className="muted notes-empty">{t(B.noNotes)}</p>;
  return (
    <>
      {relations.length > 0 && (
        // 図式化 on a phone: the relations drawn on the board, as plain lines
        <ul className="notes-relations" data-testid="notes-relations" aria-label="関係 / Relations">
          {relations.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
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
    </>
  );
}
