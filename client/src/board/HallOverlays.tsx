import { localLabel, participantKindLabel, type Category, type Lang } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { H } from './hallStrings.js';
import type { BoardNote } from './useBoardData.js';

/**
 * The spotlight: one note full-screen with its whole text, large (a note's text cut on the
 * board is always readable here). The projector shows it when the facilitator spotlights a
 * note, or when a note is tapped on the projector itself.
 */
export function Spotlight({ note, category, lang, onClose }: { note: BoardNote; category: Category | undefined; lang: Lang; onClose?: () => void }) {
  const t = useT();
  return (
    <div className="spotlight" data-testid="spotlight" data-id={note.id} onClick={onClose} role="dialog" aria-modal="true" aria-label={note.text}>
      <div className="spotlight-card" style={{ ['--spot-color' as string]: category?.color ?? '#bdbdbd' }} onClick={(e) => e.stopPropagation()}>
        {onClose && (
          <button type="button" className="btn spotlight-close" data-testid="spotlight-close" onClick={onClose}>
            ✕ {t(H.spotlightClose)}
          </button>
        )}
        <p className="spotlight-text" data-testid="spotlight-text">
          {note.text}
        </p>
        <div className="spotlight-meta">
          {category ? `${category.icon ?? ''} ${localLabel('category', category, lang)}・` : ''}
          {participantKindLabel(note.authorRole, lang)}
        </div>
      </div>
    </div>
  );
}

/** Projector paging: a lane page left/right, a screen up/down (for a keyboard-less PC too). */
export function ProjectorPager({ onPage }: { onPage(dx: number, dy: number): void }) {
  const t = useT();
  return (
    <div className="projector-pager" data-testid="projector-pager">
      <button type="button" className="btn" onClick={() => onPage(-1, 0)}>
        {t(H.pagePrev)}
      </button>
      <button type="button" className="btn" onClick={() => onPage(0, -1)}>
        {t(H.pageUp)}
      </button>
      <button type="button" className="btn" onClick={() => onPage(0, 1)}>
        {t(H.pageDown)}
      </button>
      <button type="button" className="btn" onClick={() => onPage(1, 0)}>
        {t(H.pageNext)}
      </button>
    </div>
  );
}
