import { useEffect, useState } from 'react';
import { useT } from '../i18n/lang.js';
import { HistoryPanel } from './HistoryPanel.js';
import { H } from './historyStrings.js';

/**
 * The facilitator's 「履歴」 button for the board header: opens the history panel in an overlay
 * (Escape or the close button closes it). Above Leaflet panes and controls (z-index ≤ 1000). Mount only for the facilitator, never on the projector.
 */
export function HistoryButton({ workshopId, token }: { workshopId: string; token: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button className="btn" onClick={() => setOpen(true)} data-testid="history-open">{t(H.button)}</button>
      {open && (
        <div role="dialog" aria-label={t(H.title)} onClick={(e) => e.target === e.currentTarget && setOpen(false)}
          style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.35)', zIndex: 10000, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', overflow: 'auto', padding: '5vh 12px' }}>
          <div style={{ width: 'min(720px, 100%)', position: 'relative' }}>
            <button className="btn" onClick={() => setOpen(false)} style={{ position: 'absolute', right: 12, top: 28 }} aria-label={t(H.closePreview)}>✕</button>
            <HistoryPanel workshopId={workshopId} token={token} />
          </div>
        </div>
      )}
    </>
  );
}
