import { useEffect, useState } from 'react';
import type { Summary } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { adoptTokenFromHash } from '../sync/tokenStore.js';
import { download, exportUrl, ExportError } from './exportApi.js';
import { formatDateJa } from './printData.js';
import { E } from './strings.js';
import './summary.css';

/**
 * `/w/:id/summary`: counts by category × column, top-voted, gaps, resources, participants by
 * role (public items only). The page shows the server's summary.json — the same summary its
 * CSV is made from (who joined comes from the server's token list) — in the reader's language.
 */
export function SummaryPage({ workshopId }: { workshopId: string }) {
  const t = useT();
  const { lang } = useLang();
  const [s, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const token = adoptTokenFromHash(workshopId);
    if (!token) {
      setError('no token');
      return;
    }
    fetch(exportUrl(workshopId, 'summary.json', { lang }), { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new ExportError(res.status, `HTTP ${res.status}`);
        return (await res.json()) as Summary;
      })
      .then((v) => live && setSummary(v))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [workshopId, lang]);
  if (error) return <p className="error">{t(E.failed, { message: error })}</p>;
  if (!s) return <p>…</p>;
  const cats = s.matrix.categories.filter((c) => (s.matrix.rowTotals[c.id] ?? 0) > 0);
  return (
    <main className="page summary-page" data-testid="summary-page">
      <header className="page-head">
        <div>
          <h1>{t(E.summaryTitle)}：{s.title}</h1>
          <p className="muted">
            {s.district}　{formatDateJa(new Date())}　{t(E.counts, { items: s.totals.items, votes: s.totals.votes })}
          </p>
        </div>
        <div className="head-right no-print">
          <button type="button" className="btn btn-big" data-testid="dl-summary-csv-page" onClick={() => void download(exportUrl(workshopId, 'summary.csv', { lang: lang === 'en' ? 'en' : undefined }), adoptTokenFromHash(workshopId) ?? '', 'summary.csv')}>
            {t(E.summaryCsv)}
          </button>
          <button type="button" className="btn btn-big" onClick={() => window.print()}>{t(E.printButton)}</button>
        </div>
      </header>
      <section className="card">
        <h2>{t(E.matrix)}</h2>
        <div className="summary-scroll">
        <table className="summary-matrix" data-testid="summary-matrix">
          <thead>
            <tr>
              <th />
              {s.matrix.columns.map((c) => <th key={c.id}>{c.label}</th>)}
              <th>{t(E.total)}</th>
            </tr>
          </thead>
          <tbody>
            {cats.map((c) => (
              <tr key={c.id}>
                <th>{c.label}</th>
                {s.matrix.columns.map((col) => <td key={col.id}>{s.matrix.counts[c.id]?.[col.id] || ''}</td>)}
                <td className="sum">{s.matrix.rowTotals[c.id]}</td>
              </tr>
            ))}
            <tr className="sum">
              <th>{t(E.total)}</th>
              {s.matrix.columns.map((col) => <td key={col.id}>{s.matrix.columnTotals[col.id]}</td>)}
              <td>{s.matrix.total}</td>
            </tr>
          </tbody>
        </table>
        </div>
      </section>
      <div className="summary-grid">
        <section className="card">
          <h2>{t(E.topVoted)}</h2>
          {s.topVoted.length === 0 ? <p>{t(E.none)}</p> : (
            <ol>{s.topVoted.map((r) => <li key={r.id}><strong>{r.text}</strong> <span className="muted">{r.category}・{r.column}</span> <b className="votes">{t(E.votes, { n: r.votes })}</b></li>)}</ol>
          )}
        </section>
        <section className="card">
          <h2>{t(E.gaps)}</h2>
          {s.gaps.length === 0 ? <p>{t(E.none)}</p> : <ul>{s.gaps.map((r) => <li key={r.id}>{r.text} <span className="muted">{r.area}</span></li>)}</ul>}
        </section>
        <section className="card">
          <h2>{t(E.resources)}（{s.resources.length}）</h2>
          {s.totals.created > 0 && <p data-testid="summary-created">✨ {t(E.createdCount, { n: s.totals.created })}</p>}
          {s.resources.length === 0 ? (
            <p>{t(E.none)}</p>
          ) : (
            <ul>
              {s.resources.map((r) => (
                <li key={r.id}>
                  {r.text} <span className="muted">{r.category}</span>
                  {r.stage === 'created' && <span className="summary-created-badge"> ✨{t(E.createdBadge)}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        {s.relations.length > 0 && (
          <section className="card">
            <h2>{t(E.relations)}</h2>
            <ul data-testid="summary-relations">
              {s.relations.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </section>
        )}
        <section className="card">
          <h2>{t(E.participants)}</h2>
          <table className="summary-matrix" data-testid="summary-participants">
            <thead>
              <tr><th /><th>{t(E.joined)}</th><th>{t(E.contributors)}</th></tr>
            </thead>
            <tbody>
              {s.participants.map((p) => <tr key={p.kind} data-kind={p.kind}><th>{p.label}</th><td>{p.joined}</td><td>{p.contributors}</td></tr>)}
            </tbody>
          </table>
        </section>
      </div>
    </main>
  );
}
