import { useState } from 'react';
import { canAccessRestricted, type Role } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { download, ExportError, exportUrl } from './exportApi.js';
import { E } from './strings.js';

type Kinds = '' | 'resource' | 'resource,gap';

/** Printouts (map, PDF, board PNG, summary) and data files (GeoJSON, CSV, summary CSV, backup). */
export function DownloadSection({ workshopId, token, role }: { workshopId: string; token: string; role: Role }) {
  const t = useT();
  // in English the files come in English too (labels, headers, the printed legend); Japanese otherwise
  const { lang } = useLang();
  const [kinds, setKinds] = useState<Kinds>('');
  const [charset, setCharset] = useState<'utf-8' | 'cp932'>('utf-8');
  const [restricted, setRestricted] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const staff = canAccessRestricted(role);
  const include = staff && restricted ? 'restricted' : undefined;

  const get = async (key: string, file: string, params: Record<string, string | undefined>, fallback: string) => {
    setBusy(key);
    setMessage(null);
    try {
      const { name, replaced } = await download(exportUrl(workshopId, file, { ...params, lang: lang === 'en' ? 'en' : undefined }), token, fallback);
      const saved = t(E.downloaded, { name });
      setMessage({ ok: true, text: replaced.length ? `${saved} ${t(E.cp932Replaced, { chars: replaced.join(' ') })}` : saved });
    } catch (err) {
      const e = err as ExportError;
      setMessage({
        ok: false,
        text: e.characters?.length ? t(E.cp932Failed, { chars: e.characters.join(' ') }) : t(E.failed, { message: e.message }),
      });
    } finally {
      setBusy(null);
    }
  };
  const btn = (key: string, label: string, file: string, params: Record<string, string | undefined>, fallback: string) => (
    <button type="button" className="btn btn-big" data-testid={`dl-${key}`} disabled={busy !== null} onClick={() => void get(key, file, params, fallback)}>
      {busy === key ? t(E.downloading) : label}
    </button>
  );
  const printHref = (paper: string) => `/w/${workshopId}/print?paper=${paper}${kinds ? `&kind=${kinds}` : ''}`;

  return (
    <>
      <section className="card export-section" aria-labelledby="print-h">
        <h2 id="print-h">{t(E.printTitle)}</h2>
        <label className="export-field">
          <span>{t(E.mapKinds)}</span>
          <select value={kinds} onChange={(e) => setKinds(e.target.value as Kinds)} data-testid="map-kinds">
            <option value="">{t(E.kindAll)}</option>
            <option value="resource">{t(E.kindResource)}</option>
            <option value="resource,gap">{t(E.kindResourceGap)}</option>
          </select>
        </label>
        <div className="export-buttons">
          <a className="btn btn-big btn-primary" href={printHref('A3')} target="_blank" rel="noopener" data-testid="open-print">{t(E.printMapA3)}</a>
          <a className="btn btn-big" href={printHref('A4')} target="_blank" rel="noopener">{t(E.printMapA4)}</a>
          {btn('pdf-a3', t(E.pdfA3), 'print.pdf', { paper: 'A3', kind: kinds || undefined }, 'map.pdf')}
          {btn('pdf-a4', t(E.pdfA4), 'print.pdf', { paper: 'A4', kind: kinds || undefined }, 'map.pdf')}
          {btn('board-png', t(E.boardPng), 'board.png', {}, 'board.png')}
          <a className="btn btn-big" href={`/w/${workshopId}/print/diagram?paper=A3`} target="_blank" rel="noopener" data-testid="open-diagram">
            {t(E.diagramPrintA3)}
          </a>
          <a className="btn btn-big" href={`/w/${workshopId}/summary`} target="_blank" rel="noopener" data-testid="open-summary">{t(E.summaryPage)}</a>
          <a className="btn btn-big" href={`/w/${workshopId}/report`} target="_blank" rel="noopener" data-testid="open-report">{t(E.reportOpen)}</a>
          {btn('report-pdf', t(E.reportPdf), 'report.pdf', {}, 'report.pdf')}
          {btn('report-csv', t(E.reportCsv), 'report.csv', { charset: charset === 'cp932' ? 'cp932' : undefined }, 'report.csv')}
        </div>
      </section>
      <section className="card export-section" aria-labelledby="data-h">
        <h2 id="data-h">{t(E.dataTitle)}</h2>
        <fieldset className="export-field">
          <legend>{t(E.charset)}</legend>
          <label><input type="radio" name="charset" checked={charset === 'utf-8'} onChange={() => setCharset('utf-8')} /> {t(E.utf8)}</label>
          <label><input type="radio" name="charset" checked={charset === 'cp932'} onChange={() => setCharset('cp932')} data-testid="charset-cp932" /> {t(E.cp932)}</label>
        </fieldset>
        {staff && (
          <label className="export-field export-restricted">
            <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} data-testid="include-restricted" /> {t(E.includeRestricted)}
          </label>
        )}
        {include && <p className="warn">{t(E.restrictedWarning)}</p>}
        <div className="export-buttons">
          {btn('geojson', t(E.geojson), 'export.geojson', { include }, 'map.geojson')}
          {btn('csv', t(E.csv), 'export.csv', { include, charset: charset === 'cp932' ? 'cp932' : undefined }, 'map.csv')}
          {btn('summary-csv', t(E.summaryCsv), 'summary.csv', { include, charset: charset === 'cp932' ? 'cp932' : undefined }, 'summary.csv')}
          {btn('json', t(E.backupJson), 'export.json', { include }, 'backup.json')}
        </div>
        {message && (
          <p className={message.ok ? 'export-ok' : 'error'} role="status" data-testid="export-message">
            {message.text}
          </p>
        )}
      </section>
    </>
  );
}
