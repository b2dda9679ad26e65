import { useEffect, useState } from 'react';
import { ACTION_SIDE_LABELS, ACTION_SIDES, ACTION_STATUS_LABELS, ACTION_STATUSES, type OutcomeReport } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';
import { exportUrl } from './exportApi.js';
import { formatDateJa } from './printData.js';
import { E } from './strings.js';
import './report.css';

/**
 * `/w/:id/report`: the 成果把握 report of the series this workshop belongs to, on A4 pages —
 * every meeting against the one before (participants, issues, resources 把握 → 不足 → 創出,
 * actions by side and status, offers made and matched), the years, and every status change
 * with its 「どう変わったか」. The server renders it to PDF (report.pdf) like the print map.
 * Public content only: the report never holds restricted notes.
 */
export function ReportPage({ workshopId }: { workshopId: string }) {
  const t = useT();
  const { lang } = useLang();
  const [report, setReport] = useState<OutcomeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const token = adoptTokenFromHash(workshopId);
    if (!token) return setError('no token');
    let live = true;
    fetch(exportUrl(workshopId, 'report.json'), { headers: { Authorization: `Bearer ${token}` } })
      .then(async (r) => {
        if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { errorJa?: string }).errorJa ?? `HTTP ${r.status}`);
        return (await r.json()) as OutcomeReport;
      })
      .then((r) => live && setReport(r))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [workshopId]);
  useEffect(() => {
    if (!report) return;
    document.body.dataset.printReady = '1';
    return () => {
      delete document.body.dataset.printReady;
    };
  }, [report]);
  if (error) return <p className="error">{t(E.failed, { message: error })}</p>;
  if (!report) return <p>…</p>;
  const signed = (n: number | undefined) => (n === undefined ? '' : n > 0 ? `（+${n}）` : n < 0 ? `（${n}）` : '（±0）');
  const changes = report.sessions.flatMap((s) => s.changes);
  return (
    <div className="report-page" data-testid="report-page">
      <header>
        <h1>{t(E.reportTitle, { district: report.district || '—' })}</h1>
        <p>{t(E.reportMade, { date: formatDateJa(new Date()) })}</p>
        <button type="button" className="btn no-print" onClick={() => window.print()}>
          🖨 {t(E.diagramPrint)}
        </button>
      </header>

      <section>
        <h2>{t(E.reportSessions)}</h2>
        <table className="report-table" data-testid="report-sessions">
          <thead>
            <tr>
              <th>{t(E.reportSession)}</th>
              <th>{t(E.reportDate)}</th>
              <th>{t(E.reportParticipants)}</th>
              <th>{t(E.reportIssues)}</th>
              <th>{t(E.reportResources)}</th>
              <th>{t(E.reportCreated)}</th>
              <th>{t(E.reportActions)}</th>
              <th>{t(E.reportDone)}</th>
              <th>{t(E.reportOffers)}</th>
            </tr>
          </thead>
          <tbody>
            {report.sessions.map((s) => (
              <tr key={s.workshopId}>
                <td>
                  {t(E.reportNth, { n: s.session })}
                  <br />
                  <small>{s.title}</small>
                </td>
                <td>{formatDateJa(new Date(s.heldAt))}</td>
                <td>
                  {s.participants}
                  {signed(s.delta?.participants)}
                </td>
                <td>
                  {s.issues}
                  {signed(s.delta?.issues)}
                </td>
                <td>
                  {s.resources.known} → {s.resources.missing} → {s.resources.created}
                </td>
                <td>
                  {s.resources.created}
                  {signed(s.delta?.created)}
                  {s.resources.createdSincePrevious.length > 0 && <div className="report-new">{s.resources.createdSincePrevious.join('、')}</div>}
                </td>
                <td>
                  {ACTION_SIDES.filter((k) => s.actions.bySide[k]).map((k) => `${ACTION_SIDE_LABELS[k][lang]} ${s.actions.bySide[k]}`).join('・') || '—'}
                </td>
                <td>
                  {s.actions.byStatus.kanryo}
                  {signed(s.delta?.done)}
                </td>
                <td>
                  {s.offers.made} / {s.offers.matched}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="report-note">{t(E.reportLegend)}</p>
      </section>

      {report.years.length > 1 && (
        <section>
          <h2>{t(E.reportYears)}</h2>
          <table className="report-table" data-testid="report-years">
            <thead>
              <tr>
                <th>{t(E.reportYear)}</th>
                <th>{t(E.reportSessionsCount)}</th>
                <th>{t(E.reportParticipants)}</th>
                <th>{t(E.reportIssues)}</th>
                <th>{t(E.reportCreated)}</th>
                <th>{t(E.reportChanges)}</th>
                <th>{t(E.reportDone)}</th>
              </tr>
            </thead>
            <tbody>
              {report.years.map((y) => (
                <tr key={y.year}>
                  <td>{y.year}</td>
                  <td>{y.sessions}</td>
                  <td>{y.participants}</td>
                  <td>{y.issues}</td>
                  <td>{y.created}</td>
                  <td>{y.changes}</td>
                  <td>{y.done}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section>
        <h2>{t(E.reportActionsTitle)}</h2>
        <table className="report-table" data-testid="report-actions">
          <thead>
            <tr>
              <th>{t(E.reportAction)}</th>
              <th>{t(E.reportSide)}</th>
              <th>{t(E.reportOwner)}</th>
              <th>{t(E.reportStatus)}</th>
            </tr>
          </thead>
          <tbody>
            {[...report.actions]
              .sort((a, b) => ACTION_STATUSES.indexOf(a.status) - ACTION_STATUSES.indexOf(b.status))
              .map((a) => (
                <tr key={a.id}>
                  <td>{a.title}</td>
                  <td>{ACTION_SIDE_LABELS[a.side][lang]}</td>
                  <td>{a.owner}</td>
                  <td className={`report-status status-${a.status}`}>{ACTION_STATUS_LABELS[a.status][lang]}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t(E.reportChangesTitle)}</h2>
        {changes.length === 0 ? (
          <p>{t(E.reportNoChanges)}</p>
        ) : (
          <ul className="report-changes" data-testid="report-changes">
            {changes.map((c, i) => (
              <li key={i}>
                <strong>{c.action}</strong>（{ACTION_SIDE_LABELS[c.side][lang]}）: {ACTION_STATUS_LABELS[c.from][lang]} → {ACTION_STATUS_LABELS[c.to][lang]}
                <span className="report-date">{formatDateJa(new Date(c.at))}</span>
                <div className="report-text">「{c.text}」</div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
