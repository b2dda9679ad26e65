import { useState } from 'react';
import { useLang, useT } from '../i18n/lang.js';
import { downloadWithToken } from './cityApi.js';
import { C } from './cityStrings.js';

/**
 * 出力: the city map to print (A3 desk copy, A1 poster; the page opens with the token in its
 * fragment, the PDF is rendered by the server), GeoJSON, CSV (UTF-8 with BOM or Shift_JIS) and
 * the summary as CSV and as a printable page. Only public items, as the server guarantees.
 * A coordinator who chose English gets English files (`?lang=en`: headers, labels, the printed
 * legend); the printable pages follow the app's language by themselves.
 */
export function ExportTab({ org, token }: { org: string; token: string }) {
  const t = useT();
  const { lang } = useLang();
  const [error, setError] = useState<string | null>(null);
  const o = encodeURIComponent(org);
  const dl = (path: string, name: string) => {
    setError(null);
    const asked = lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
    downloadWithToken(asked, token, name).catch((e: unknown) => setError((e as Error).message));
  };
  const page = (path: string) => `${path}#token=${encodeURIComponent(token)}`;
  return (
    <section className="city-section city-export" data-testid="export-tab">
      <p className="muted">{t(C.exportHint)}</p>
      {lang === 'en' && <p className="muted" data-testid="files-lang">{t(C.filesInEnglish)}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="city-export-grid">
        <div className="card">
          <h2>🗺 {t(C.tabMap)}</h2>
          <a className="btn btn-big btn-wide" href={page(`/o/${o}/city/print?paper=A3`)} target="_blank" rel="noreferrer" data-testid="print-a3">
            {t(C.printA3)}
          </a>
          <a className="btn btn-big btn-wide" href={page(`/o/${o}/city/print?paper=A1`)} target="_blank" rel="noreferrer" data-testid="print-a1">
            {t(C.printA1)}
          </a>
          <div className="city-link-row">
            <button type="button" className="btn" onClick={() => dl(`/api/orgs/${o}/city.pdf?paper=A3`, 'city-map-A3.pdf')} data-testid="pdf-a3">
              {t(C.pdfA3)}
            </button>
            <button type="button" className="btn" onClick={() => dl(`/api/orgs/${o}/city.pdf?paper=A1`, 'city-map-A1.pdf')}>
              {t(C.pdfA1)}
            </button>
          </div>
        </div>
        <div className="card">
          <h2>📄 {t(C.dataFiles)}</h2>
          <button type="button" className="btn btn-wide" onClick={() => dl(`/api/orgs/${o}/city.geojson`, 'city.geojson')} data-testid="dl-geojson">
            {t(C.geojson)}
          </button>
          <button type="button" className="btn btn-wide" onClick={() => dl(`/api/orgs/${o}/city.csv`, 'city.csv')} data-testid="dl-csv">
            {t(C.csv)}
          </button>
          <button type="button" className="btn btn-wide" onClick={() => dl(`/api/orgs/${o}/city.csv?encoding=cp932`, 'city-sjis.csv')}>
            {t(C.csvSjis)}
          </button>
        </div>
        <div className="card">
          <h2>📊 {t(C.tabSummary)}</h2>
          <button type="button" className="btn btn-wide" onClick={() => dl(`/api/orgs/${o}/city-summary.csv`, 'city-summary.csv')} data-testid="dl-summary-csv">
            {t(C.summaryCsv)}
          </button>
          <a className="btn btn-wide" href={page(`/o/${o}/city/summary`)} target="_blank" rel="noreferrer" data-testid="summary-page">
            {t(C.printable)}
          </a>
        </div>
      </div>
    </section>
  );
}
