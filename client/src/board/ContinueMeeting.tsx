import { useState } from 'react';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import { navigate } from '../router.js';
import { api } from '../sync/api.js';
import { saveLinks } from '../sync/hostLinks.js';
import { setToken } from '../sync/tokenStore.js';

/**
 * 「前回の続きでつくる」 (facilitator): create the next meeting of this district from this one —
 * its actions, resources, areas and unsolved issues come along (POST /api/workshops/:id/continue) —
 * and open the new meeting's host page with its own links.
 */
export function ContinueMeeting({ workshopId, token }: { workshopId: string; token: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const start = async () => {
    if (busy || !window.confirm(t(B2.continueConfirm))) return;
    setBusy(true);
    setError('');
    try {
      const w = await api.continueWorkshop(workshopId, token);
      setToken(w.id, w.facilitatorToken);
      saveLinks(w);
      navigate(`/w/${w.id}/host`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <section>
      <h3>{t(B2.continueTitle)}</h3>
      <p className="muted">{t(B2.continueHint)}</p>
      <button type="button" className="btn btn-small" data-testid="continue-meeting" disabled={busy} onClick={() => void start()}>
        {t(B2.continueButton)}
      </button>
      {error && (
        <p className="warn" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
