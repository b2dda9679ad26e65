import { useEffect, useState } from 'react';
import { useT } from '../i18n/lang.js';
import { C } from './cityStrings.js';

/**
 * On the start page of a laptop install: 「コーディネーター画面を開く」 when the server hands
 * out the default organisation's coordinator link (`GET /api/local/coordinator-link` answers
 * only a browser on the same machine, opened at localhost; 404 elsewhere, and then nothing
 * is shown).
 */
export function CoordinatorEntry() {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/api/local/coordinator-link', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ url?: unknown }>) : null))
      .then((b) => {
        if (live && b && typeof b.url === 'string') setUrl(b.url);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  if (!url) return null;
  // the link may carry the server's public (LAN) address: open it on this machine's origin
  let href = url;
  try {
    const u = new URL(url, location.origin);
    href = u.pathname + u.search + u.hash;
  } catch {
    /* keep it as given */
  }
  return (
    <section className="card coordinator-entry" data-testid="coordinator-entry">
      <a className="btn btn-big btn-wide" href={href} data-testid="open-coordinator">
        🏛 {t(C.openCoordinator)}
      </a>
      <p className="muted">{t(C.coordinatorHint)}</p>
    </section>
  );
}
