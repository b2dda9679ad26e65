import { useState } from 'react';
import { useT } from '../i18n/lang.js';
import { setToken } from '../sync/tokenStore.js';
import { restoreFromBackup, type RestoredWorkshop } from './exportApi.js';
import { E } from './strings.js';

/** Restore a JSON backup into a new workshop and offer a link to it. */
export function RestoreSection() {
  const t = useT();
  const [result, setResult] = useState<RestoredWorkshop | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await restoreFromBackup(file);
      setToken(r.id, r.facilitatorToken);
      setResult(r);
    } catch (err) {
      setError(t(E.failed, { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card export-section" aria-labelledby="restore-h">
      <h2 id="restore-h">{t(E.restoreTitle)}</h2>
      <p className="muted">{t(E.restoreHelp)}</p>
      <input type="file" accept=".json,application/json" disabled={busy} data-testid="restore-file" onChange={(e) => void onFile(e.target.files?.[0])} />
      {error && <p className="error">{error}</p>}
      {result && (
        <p className="export-ok">
          <a href={`/w/${result.id}/host#token=${encodeURIComponent(result.facilitatorToken)}`} data-testid="restored-link">
            {t(E.restored)}
          </a>
        </p>
      )}
    </section>
  );
}
