import { useEffect, useState } from 'react';
import type { CitySummary } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import type { OrgApi } from './cityApi.js';
import { C } from './cityStrings.js';
import { CitySummaryView } from './CitySummaryView.js';

/** 集計: every district side by side and the total, with a link to the printable page. */
export function SummaryTab({ api, org }: { api: OrgApi; org: string }) {
  const t = useT();
  const { lang } = useLang();
  const [summary, setSummary] = useState<CitySummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.summary(lang).then(setSummary, (e: unknown) => setError((e as Error).message));
  }, [api, lang]);
  if (error) return <p className="error">{error}</p>;
  if (!summary) return <p>…</p>;
  return (
    <section className="city-section" data-testid="summary-tab">
      <div className="city-toolbar">
        <h2 className="grow">{t(C.summaryTitle)}</h2>
        <a className="btn" href={`/o/${encodeURIComponent(org)}/city/summary`} target="_blank" rel="noreferrer">
          🖨 {t(C.printable)}
        </a>
      </div>
      <CitySummaryView summary={summary} />
    </section>
  );
}
