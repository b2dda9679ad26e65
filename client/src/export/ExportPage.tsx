import { Suspense, useMemo } from 'react';
import { canExport } from '@tsunagu/shared';
import { S } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';
import { onLinkClick } from '../router.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';
import { useWorkshop } from '../sync/useWorkshop.js';
import { LangSwitch } from '../ui/LangSwitch.js';
import ExportPanel from './ExportPanel.js';
import { E } from './strings.js';

/** `/w/:id/export`: the export/import panel on its own page (facilitator and staff). */
export function ExportPage({ workshopId }: { workshopId: string }) {
  const t = useT();
  const token = useMemo(() => adoptTokenFromHash(workshopId), [workshopId]);
  const session = useWorkshop(workshopId, token);
  if (session.state === 'error' || (session.role && !canExport(session.role)))
    return <main className="page page-narrow"><p className="error">{t(S.noAccess)}</p></main>;
  if (session.state === 'loading' || !session.info || !session.role || !token)
    return <main className="page page-narrow"><p>{t(S.loading)}</p></main>;
  return (
    <main className="page export-page">
      <header className="page-head">
        <div>
          <h1>{t(E.panelTitle)}</h1>
          <p className="muted">
            {session.info.title} {session.info.district}
          </p>
        </div>
        <div className="head-right">
          <a className="btn" href={`/w/${workshopId}`} onClick={onLinkClick}>{t(E.back)}</a>
          <LangSwitch />
        </div>
      </header>
      <Suspense fallback={<p>{t(S.loading)}</p>}>
        <ExportPanel workshopId={workshopId} token={token} role={session.role} doc={session.doc!} restrictedDoc={session.restrictedDoc ?? null} />
      </Suspense>
    </main>
  );
}
