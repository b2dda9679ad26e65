import type { CitySummary } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { C } from './cityStrings.js';

/**
 * The city summary (buildCitySummary on the server): districts side by side with the total,
 * category × lane for the whole city, the top-voted issues of each district, あったらいいな
 * across the city and participants by sector. Shared by the 集計 tab and the print page.
 */
export function CitySummaryView({ summary }: { summary: CitySummary }) {
  const t = useT();
  const cols = [
    ['items', C.items],
    ['pins', C.pins],
    ['notes', C.notes],
    ['votes', C.votes],
    ['resources', C.resources],
    ['gaps', C.gaps],
    ['created', C.createdRes],
  ] as const;
  const m = summary.matrix;
  return (
    <div className="city-summary" data-testid="city-summary">
      <table className="city-table" data-testid="summary-districts">
        <thead>
          <tr>
            <th>{t(C.district)}</th>
            {cols.map(([k, s]) => (
              <th key={k}>{t(s)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.districts.map((d) => (
            <tr key={d.workshopId}>
              <th>
                {d.unit}
                <div className="muted small">{d.title}</div>
              </th>
              {cols.map(([k]) => (
                <td key={k}>{d.totals[k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="summary-total">
            <th>{t(C.total)}</th>
            {cols.map(([k]) => (
              <td key={k}>{summary.totals[k]}</td>
            ))}
          </tr>
        </tfoot>
      </table>

      {m.categories.length > 0 && (
        <>
          <h2>{t(C.matrix)}</h2>
          <table className="city-table">
            <thead>
              <tr>
                <th />
                {m.columns.map((c) => (
                  <th key={c.id}>{c.label}</th>
                ))}
                <th>{t(C.total)}</th>
              </tr>
            </thead>
            <tbody>
              {m.categories.map((c) => {
                const row = m.counts[c.id] ?? {};
                const sum = Object.values(row).reduce((a, b) => a + b, 0);
                // categories nobody used are left out (a shorter table to read and to print)
                if (sum === 0) return null;
                return (
                  <tr key={c.id}>
                    <th>{c.label}</th>
                    {m.columns.map((col) => (
                      <td key={col.id}>{row[col.id] ?? 0}</td>
                    ))}
                    <td>{sum}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th>{t(C.total)}</th>
                {m.columns.map((col) => (
                  <td key={col.id}>{m.categories.reduce((a, c) => a + (m.counts[c.id]?.[col.id] ?? 0), 0)}</td>
                ))}
                <td>{m.total}</td>
              </tr>
            </tfoot>
          </table>
        </>
      )}

      <div className="city-summary-cols">
        <section>
          <h2>{t(C.topVoted)}</h2>
          {summary.districts.map((d) => (
            <div key={d.workshopId} className="city-top">
              <h3>{d.unit}</h3>
              {d.topVoted.length === 0 ? (
                <p className="muted">—</p>
              ) : (
                <ol>
                  {d.topVoted.map((r) => (
                    <li key={r.id}>
                      {r.text} <span className="muted">{t(C.inParens, { text: t(C.votesN, { n: r.votes }) })}</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          ))}
        </section>
        <section>
          <h2>{t(C.gapsCity)}</h2>
          {summary.gaps.length === 0 ? (
            <p className="muted">—</p>
          ) : (
            <ul>
              {summary.gaps.map((g) => (
                <li key={`${g.unit}-${g.id}`}>
                  {g.text} <span className="muted">{t(C.inParens, { text: g.unit })}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>{t(C.participants)}</h2>
          <table className="city-table">
            <thead>
              <tr>
                <th />
                <th>{t(C.joined)}</th>
                <th>{t(C.contributors)}</th>
              </tr>
            </thead>
            <tbody>
              {summary.participants.map((p) => (
                <tr key={p.kind}>
                  <th>{p.label}</th>
                  <td>{p.joined}</td>
                  <td>{p.contributors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
