import { Suspense, useMemo, useState } from 'react';
import { canWrite, isFacilitator, CLOSE } from '@tsunagu/shared';
import { S } from '../i18n/common.js';
import { B } from '../i18n/board.js';
import { useT } from '../i18n/lang.js';
import { MapPane, PhoneHome, PROJECTOR_PRESENCE_SLOT } from '../slots.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';
import { useWorkshop } from '../sync/useWorkshop.js';
import { ConnectionStatus } from '../ui/ConnectionStatus.js';
import { NoticeBanner } from '../ui/NoticeBanner.js';
import { SplitPane } from '../ui/SplitPane.js';
import { LangSwitch } from '../ui/LangSwitch.js';
import { PHONE_QUERY, useMediaQuery } from '../ui/useMediaQuery.js';
import { BoardArea } from '../board/BoardArea.js';
import { ProjectorCorner } from '../board/ProjectorCorner.js';
import { TimerDisplay } from '../board/TimerDisplay.js';
import { loadStaffName, StaffNamePrompt, type StaffName } from '../ui/StaffName.js';
import { onLinkClick } from '../router.js';
import { ExportLink } from '../export/ExportLink.js';
import { HistoryButton } from '../history/HistoryButton.js';
import { A } from './accessStrings.js';
import { ConsultBadge, ProjectingBanner, ProjectingSwitch } from '../privacy/ConsultPanel.js';
import { ProjectingProvider } from '../privacy/projecting.js';
import { ConsultHeaderButton } from '../privacy/ConsultDialog.js';

/**
 * `/w/:id` (and `?mode=projector`): the workshop. Slots: toolbar, board area, map area. On
 * phone widths the page becomes tabs (付箋 / 地図) and participants get the phone home.
 */
export function BoardPage(props: { workshopId: string; projector: boolean; pane?: 'board' | 'map' | 'both' }) {
  return (
    <ProjectingProvider workshopId={props.workshopId}>
      <BoardPageInner {...props} />
    </ProjectingProvider>
  );
}

function BoardPageInner({ workshopId, projector: projectorMode, pane = 'both' }: { workshopId: string; projector: boolean; pane?: 'board' | 'map' | 'both' }) {
  const t = useT();
  const token = useMemo(() => adoptTokenFromHash(workshopId), [workshopId]);
  const session = useWorkshop(workshopId, token, { publicOnly: projectorMode });
  const phone = useMediaQuery(PHONE_QUERY);
  const [tab, setTab] = useState<'home' | 'board' | 'map'>('home');
  // staff and the facilitator give a name the first time (kept in this browser)
  const [given, setGiven] = useState<StaffName | null>(() => loadStaffName());
  const sessionUser = session.user;
  const namedUser = useMemo(
    () => (sessionUser && given && (sessionUser.role === 'staff' || sessionUser.role === 'facilitator') ? { ...sessionUser, name: given.name, kind: given.kind ?? sessionUser.kind } : sessionUser),
    [sessionUser, given],
  );
  // The projector link (role `projector`) always opens projector mode, whatever the URL says.
  const projector = projectorMode || session.role === 'projector';

  if (session.state === 'error')
    return (
      <main className="page page-narrow">
        <p className="error" data-testid="no-access">{t(session.errorStatus === CLOSE.LINK_REVOKED ? A.linkRevoked : S.noAccess)}</p>
        <a href="/join" onClick={onLinkClick} className="link-big">{t(S.joinInstead)}</a>
      </main>
    );
  if (session.state === 'loading' || !session.doc || !session.awareness || !session.role || !session.user || !session.info)
    return <main className="page page-narrow"><p>{t(S.loading)}</p></main>;

  const { doc, restrictedDoc = null, awareness, role, info } = session;
  const user = namedUser ?? session.user;
  const askName = !given && !projector && (role === 'staff' || role === 'facilitator') ? <StaffNamePrompt role={role} awareness={awareness} onName={setGiven} /> : null;
  const writable = canWrite(role);
  const mapMode = projector ? 'projector' : phone ? 'phone' : 'board';
  const map = MapPane ? (
    <Suspense fallback={<div className="slot-placeholder">{t(S.loading)}</div>}>
      <MapPane doc={doc} restrictedDoc={restrictedDoc} awareness={awareness} role={role} mode={mapMode} workshopId={workshopId} token={token ?? undefined} />
    </Suspense>
  ) : (
    <div className="slot-placeholder">{t(B.mapPlaceholder)}</div>
  );
  const board = (
    <BoardArea doc={doc} restrictedDoc={restrictedDoc} awareness={awareness} role={role} user={user} projector={projector} phone={phone} token={token ?? ''} workshopId={workshopId} />
  );

  const header = (
    <header className={`board-head${projector ? ' projector' : ''}`}>
      <h1 className="board-title" data-testid="workshop-title">
        {info.title}
        {info.district && <small className="muted"> {info.district}</small>}
      </h1>
      <div className="head-right">
        {!writable && !projector && <span className="badge" data-testid="read-only">{t(B.readOnly)}</span>}
        {isFacilitator(role) && !projector && (
          <a className="btn" href={`/w/${workshopId}/host`} onClick={onLinkClick}>{t(B.host)}</a>
        )}
        {isFacilitator(role) && !projector && token && <HistoryButton workshopId={workshopId} token={token} />}
        {!projector && <ExportLink workshopId={workshopId} role={role} />}
        {restrictedDoc && !projector && <ConsultBadge doc={doc} restrictedDoc={restrictedDoc} />}
        {restrictedDoc && !projector && <ProjectingSwitch />}
        {role === 'participant' && !projector && !phone && <ConsultHeaderButton workshopId={workshopId} />}
        {/* BoardWorkspace shows who is here in this slot on the projector */}
        {projector && <div id={PROJECTOR_PRESENCE_SLOT} className="head-presence" />}
        <ConnectionStatus connection={session.connection} />
        {!projector && <LangSwitch />}
      </div>
    </header>
  );

  if (projector) {
    return (
      <div className="board-page projector-mode" data-testid="board-page" data-role={role} data-mode="projector">
        {header}
        <NoticeBanner notice={session.notice} />
        <main className="projector-main desktop-main">
          {pane !== 'map' && <section className="board-slot">{board}</section>}
          {MapPane && pane !== 'board' && <section className="map-slot">{map}</section>}
        </main>
        <ProjectorCorner info={info} />
      </div>
    );
  }

  if (phone) {
    const showHome = role === 'participant' && PhoneHome && tab === 'home';
    const current = tab === 'home' && !showHome ? 'board' : tab;
    return (
      <div className="board-page phone-mode" data-testid="board-page" data-role={role} data-mode="phone">
        {header}
        {askName}
        <NoticeBanner notice={session.notice} />
        <main className="phone-main">
          {showHome && PhoneHome ? (
            <Suspense fallback={<p>{t(S.loading)}</p>}>
              <PhoneHome doc={doc} restrictedDoc={restrictedDoc} awareness={awareness} role={role} mode="phone" workshopId={workshopId} userName={user.name} userKind={user.kind} userId={user.id} onShowTab={(x) => setTab(x)} discardLocal={session.discardLocal} synced={session.synced} />
            </Suspense>
          ) : current === 'map' ? (
            <>
              {/* the countdown on the phone's map too (the home and the notes tab show their own) */}
              <div className="phone-map-timer">
                <TimerDisplay doc={doc} />
              </div>
              {map}
            </>
          ) : (
            board
          )}
        </main>
        <nav className="phone-tabs" role="tablist">
          {role === 'participant' && PhoneHome && (
            <button role="tab" aria-selected={tab === 'home'} className={tab === 'home' ? 'on' : ''} onClick={() => setTab('home')}>🏠</button>
          )}
          <button role="tab" aria-selected={current === 'board'} className={current === 'board' ? 'on' : ''} data-testid="tab-board" onClick={() => setTab('board')}>
            {t(B.notesTab)}
          </button>
          <button role="tab" aria-selected={current === 'map'} className={current === 'map' ? 'on' : ''} data-testid="tab-map" onClick={() => setTab('map')}>
            {t(B.mapTab)}
          </button>
        </nav>
      </div>
    );
  }

  return (
    <div className="board-page desktop-mode" data-testid="board-page" data-role={role} data-mode="desktop">
      {header}
      <ProjectingBanner />
      {askName}
      <NoticeBanner notice={session.notice} />
      <main className="desktop-split">
        <SplitPane left={board} right={map} label={t(B.splitHandle)} />
      </main>
    </div>
  );
}
