import { useState } from 'react';
import { S } from '../i18n/common.js';
import { useLang, useT } from '../i18n/lang.js';
import { accessApi } from '../sync/accessApi.js';
import type { WorkshopInfo } from '../sync/api.js';
import { updateLinks, type HostLinks } from '../sync/hostLinks.js';
import { CopyLink } from '../ui/CopyLink.js';
import { A } from './accessStrings.js';

export interface JoinState {
  code?: string;
  closed: boolean;
  expiresAt?: number;
}

/**
 * The facilitator's controls over who can get in (host page): close joining or issue a fresh
 * join code, and revoke-and-reissue the staff and viewer links. Every action asks first; the
 * server enforces all of it (facilitator token only).
 */
export function JoinControls({ workshopId, token, join, onChange }: { workshopId: string; token: string; join: JoinState; onChange(j: JoinState): void }) {
  const t = useT();
  const { lang } = useLang();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = !join.closed && join.expiresAt !== undefined && join.expiresAt <= Date.now();
  const date = join.expiresAt ? new Date(join.expiresAt).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
  const run = async (question: string, action: () => Promise<void>) => {
    if (busy || !window.confirm(question)) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(t(A.failed, { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card host-access" data-testid="join-controls">
      <h2>{t(A.joinTitle)}</h2>
      <p className={join.closed || expired ? 'warn' : 'muted'} data-testid="join-status" data-closed={String(join.closed)}>
        {join.closed ? t(A.joinClosedNow) : expired ? t(A.joinExpired) : t(A.joinOpen, { date })}
      </p>
      <div className="host-access-buttons">
        {!join.closed && (
          <button
            type="button"
            className="btn btn-big"
            disabled={busy}
            data-testid="close-join"
            onClick={() => void run(t(A.confirmClose), async () => {
              await accessApi.closeJoin(workshopId, token);
              onChange({ ...join, closed: true });
            })}
          >
            {t(A.closeJoin)}
          </button>
        )}
        <button
          type="button"
          className="btn btn-big"
          disabled={busy}
          data-testid="rotate-code"
          onClick={() => void run(t(A.confirmRotate), async () => {
            const r = await accessApi.rotateJoinCode(workshopId, token);
            updateLinks(workshopId, { joinCode: r.joinCode });
            onChange({ code: r.joinCode, closed: false, expiresAt: r.joinCodeExpiresAt });
          })}
        >
          {t(A.rotateCode)}
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

export function LinkControls({ workshopId, token, links, info }: { workshopId: string; token: string; links: HostLinks | null; info: WorkshopInfo }) {
  const t = useT();
  const [fresh, setFresh] = useState<{ staff?: string; viewer?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const origin = location.origin;
  const urlOf = (tok: string | undefined) => (tok ? `${origin}/w/${workshopId}#token=${encodeURIComponent(tok)}` : null);
  const facilitator = info.role === 'facilitator';
  const reissue = async (role: 'staff' | 'viewer') => {
    if (busy || !window.confirm(t(role === 'staff' ? A.confirmReissueStaff : A.confirmReissueViewer))) return;
    setBusy(true);
    setError(null);
    try {
      const r = await accessApi.reissueLink(workshopId, role, token);
      updateLinks(workshopId, role === 'staff' ? { staffToken: r.token } : { viewerToken: r.token });
      setFresh((f) => ({ ...f, [role]: r.url }));
    } catch (e) {
      setError(t(A.failed, { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const one = (role: 'staff' | 'viewer') => {
    const url = fresh[role] ?? urlOf(role === 'staff' ? links?.staffToken : links?.viewerToken);
    const label = t(role === 'staff' ? S.staffLink : S.viewerLink);
    return (
      <div className={fresh[role] ? 'host-link host-link-fresh' : 'host-link'} key={role}>
        {url ? (
          <CopyLink label={label} url={url} testId={`${role}-link`} warning={role === 'staff' ? t(S.staffWarning) : undefined} />
        ) : (
          <div className="copy-link">
            <div className="copy-label">{label}</div>
            <p className="muted">{t(A.unknownLink)}</p>
          </div>
        )}
        {fresh[role] && <p className="warn" data-testid={`${role}-link-fresh`}>{t(A.reissued)}</p>}
        {facilitator && (
          <button type="button" className="btn" disabled={busy} data-testid={`reissue-${role}`} onClick={() => void reissue(role)}>
            {t(A.reissue)}
          </button>
        )}
      </div>
    );
  };
  if (!facilitator && !links) return null;
  return (
    <section className="card host-links">
      {one('staff')}
      {one('viewer')}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
