import { useEffect, useState } from 'react';
import type { CitySummary } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { orgApi, type OrgInfo } from './cityApi.js';
import { C } from './cityStrings.js';
import { CitySummaryView } from './CitySummaryView.js';
import { formatDay } from './labels.js';
import { adoptOrgToken } from './orgToken.js';
import './city.css';
import './cityPrint.css';

/**
 * `/o/:org/city/summary`: the city summary as a printable page (A4 landscape), in the page's
 * language (`?lang=en`, else the one chosen in the app): headings and the labels of categories,
 * lanes and sectors; the districts' own words stay as written.
 */
export function CitySummaryPage({ org }: { org: string }) {
  const t = useT();
  const { lang } = useLang();
  const [state, setState] = useState<{ info: OrgInfo; summary: CitySummary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const token = adoptOrgToken(org);
    if (!token) {
      setError(t(C.noToken));
      return;
    }
    const api = orgApi(org, token);
    Promise.all([api.info(), api.summary(lang)]).then(
      ([info, summary]) => setState({ info, summary }),
      (e: unknown) => setError((e as Error).message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org, lang]);
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = '@page { size: A4 landscape; margin: 10mm; }';
    document.head.appendChild(style);
    return () => style.remove();
  }, []);
  useEffect(() => {
    if (state) document.body.dataset.printReady = '1';
    return () => {
      delete document.body.dataset.printReady;
    };
  }, [state]);
  if (error) return <p className="error">{error}</p>;
  if (!state) return <p>…</p>;
  return (
    <main className="city-summary-print" data-testid="city-summary-page">
      <p className="no-print city-print-bar">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          🖨 {t(C.print)}
        </button>
      </p>
      <h1>
        {state.info.name} — {t(C.summaryTitle)}
      </h1>
      <p className="muted">{t(C.printDate, { date: formatDay(Date.now(), lang) })}</p>
      <CitySummaryView summary={state.summary} />
    </main>
  );
}
