import type * as Y from 'yjs';
import { restoreItems } from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import { docOf, type BoardNote } from './useBoardData.js';

/** Deleted notes (soft deletes); the facilitator restores them here. */
export function TrashPanel({ trash, doc, restrictedDoc, onClose }: { trash: readonly BoardNote[]; doc: Y.Doc; restrictedDoc: Y.Doc | null; onClose(): void }) {
  const t = useT();
  return (
    <aside className="side-panel" data-testid="trash-panel">
      <header>
        <h3>🗑 {t(B2.trash)}</h3>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t(B2.close)}
        </button>
      </header>
      {trash.length === 0 && <p className="muted">{t(B2.trashEmpty)}</p>}
      <ul>
        {[...trash]
          .sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0))
          .map((n) => (
            <li key={n.id} data-testid="trash-row" data-id={n.id}>
              <span>{n.text}</span>
              <button type="button" className="btn btn-small" data-testid={`restore-${n.id}`} onClick={() => restoreItems(docOf(n, doc, restrictedDoc), [n.id])}>
                {t(B2.restore)}
              </button>
            </li>
          ))}
      </ul>
    </aside>
  );
}
