import { useMemo, useState } from 'react';
import { CLOSE } from '@tsunagu/shared';
import { S } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';
import { onLinkClick } from '../router.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';
import { loadLinks } from '../sync/hostLinks.js';
import { useJoinUrl } from '../sync/useJoinInfo.js';
import { useWorkshop } from '../sync/useWorkshop.js';
import { ConnectionStatus } from '../ui/ConnectionStatus.js';
import { LangSwitch } from '../ui/LangSwitch.js';
import { QrCode } from '../ui/QrCode.js';
import { CopyLink } from '../ui/CopyLink.js';
import { formatCode } from '../ui/formatCode.js';
import { ExportLink } from '../export/ExportLink.js';
import { JoinControls, LinkControls, type JoinState } from './HostAccessPanel.js';
import { A } from './accessStrings.js';
import { FacilitatorSlip } from './FacilitatorSlip.js';

/** `/w/:id/host`: the facilitator's page with the join code, QR code and the links to hand out. */
export function HostPage({ workshopId }: { workshopId: string }) {
  const t = useT();
  const token = useMemo(() => adoptTokenFromHash(workshopId), [workshopId]);
  const session = useWorkshop(workshopId, token);
  const links = loadLinks(workshopId);
  // After the facilitator closed or rotated the join code here (the server holds the truth).
  const [joinOverride, setJoinOverride] = useState<JoinState | null>(null);
  const info = session.info && joinOverride?.code ? { ...session.info, joinCode: joinOverride.code } : session.info;
  const join = useJoinUrl(info, links?.joinCode);
  const joinState: JoinState = joinOverride ?? { closed: !!session.info?.joinClosed, expiresAt: session.info?.joinCodeExpiresAt };

  if (session.state === 'error')
    return (
      <main className="page page-narrow">
        <p className="error">{t(session.errorStatus === CLOSE.LINK_REVOKED ? A.linkRevoked : S.noAccess)}</p>
      </main>
    );
  if (session.state === 'loading' || !session.info) return <main className="page page-narrow"><p>{t(S.loading)}</p></main>;

  const origin = location.origin;
  const projectorUrl = links?.projectorToken ? `${origin}/w/${workshopId}#token=${encodeURIComponent(links.projectorToken)}` : null;
  // The host page is opened with the facilitator's token: the link to keep opens the host page in any browser.
  const facilitatorUrl = token && session.info.role === 'facilitator' ? `${origin}/w/${workshopId}/host#token=${encodeURIComponent(token)}` : null;

  return (
    <main className="page host">
      <header className="page-head">
        <div>
          <h1 className="host-title">{session.info.title}</h1>
          {session.info.district && <p className="muted">{session.info.district}</p>}
        </div>
        <div className="head-right">
          <ConnectionStatus connection={session.connection} />
          <LangSwitch />
        </div>
      </header>
      {joinState.closed ? (
        <section className="host-join host-join-closed">
          <p className="host-closed" data-testid="join-closed">{t(A.closedBig)}</p>
        </section>
      ) : (
      <section className="host-join">
        {join && <QrCode text={join.url} size={320} className="host-qr" label={t(S.scanToJoin)} />}
        <div className="host-code-box">
          <div className="host-code-label">{t(S.joinCode)}</div>
          <div className="host-code" data-testid="join-code" data-code={join?.code ?? ''}>
            {join ? formatCode(join.code) : '……'}
          </div>
          <p className="host-scan">{t(S.scanToJoin)}</p>
          {join && (
            <p className="host-url">
              {t(S.joinLink)}: <a href={join.url} data-testid="join-url">{join.url}</a>
            </p>
          )}
        </div>
      </section>
      )}
      <nav className="host-actions">
        <a className="btn btn-primary btn-big" href={`/w/${workshopId}`} onClick={onLinkClick} data-testid="open-board">
          {t(S.openBoard)}
        </a>
        <a className="btn btn-big" href={`/w/${workshopId}?mode=projector`} onClick={onLinkClick} data-testid="open-projector">
          {t(S.openProjector)}
        </a>
        <a className="btn btn-big" href={`/w/${workshopId}?mode=projector&pane=board`} onClick={onLinkClick} data-testid="open-projector-board">
          {t(S.openProjectorBoard)}
        </a>
        <ExportLink workshopId={workshopId} role={session.info.role} className="btn btn-big" />
      </nav>
      {facilitatorUrl && (
        <section className="card host-links host-key">
          <CopyLink label={t(S.facilitatorLink)} url={facilitatorUrl} testId="facilitator-link" warning={t(S.facilitatorWarning)} />
          <FacilitatorSlip url={facilitatorUrl} title={session.info.title} district={session.info.district} />
        </section>
      )}
      {projectorUrl && (
        <section className="card host-links">
          <CopyLink label={t(S.projectorLink)} url={projectorUrl} testId="projector-link" note={t(S.projectorHint)} />
        </section>
      )}
      {session.info.role === 'facilitator' && token && <JoinControls workshopId={workshopId} token={token} join={joinState} onChange={setJoinOverride} />}
      {token && <LinkControls workshopId={workshopId} token={token} links={links} info={session.info} />}
    </main>
  );
}
