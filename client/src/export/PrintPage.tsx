import { useCallback, useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n/lang.js';
import { QrCode } from '../ui/QrCode.js';
import { PrintMap } from './PrintMap.js';
import { attributionText, formatDateJa, isGsiTiles, numberPins } from './printData.js';
import { E } from './strings.js';
import { usePrintData } from './usePrintData.js';
import './print.css';

/**
 * `/w/:id/print?paper=A3|A4&kind=resource,gap`: the printed resource map — title, 小学校区,
 * date, the map with numbered pins, the legend keyed to the numbers (name, category, address,
 * phone, hours), the tile attribution (「地理院タイルを加工して作成」 for GSI tiles) and a QR
 * code to the live map. Landscape; the server renders the same page to PDF. Sets
 * `data-print-ready` on <body> when the map and QR code are drawn.
 */
export function PrintPage({ workshopId, paper, kind }: { workshopId: string; paper: 'A3' | 'A4'; kind: string }) {
  const t = useT();
  const { data, error } = usePrintData(workshopId);
  const [mapReady, setMapReady] = useState(false);
  const onReady = useCallback(() => setMapReady(true), []);
  const pins = useMemo(() => (data ? numberPins(data.backup, kind.split(',').filter(Boolean)) : []), [data, kind]);
  const areas = useMemo(() => data?.backup.areas ?? [], [data]);
  const center = useMemo<[number, number]>(() => data?.backup.meta.center ?? [35.9251, 139.4858], [data]);

  useEffect(() => {
    document.documentElement.dataset.paper = paper;
    const style = document.createElement('style');
    style.textContent = `@page { size: ${paper} landscape; margin: 8mm; }`;
    document.head.appendChild(style);
    return () => {
      delete document.documentElement.dataset.paper;
      style.remove();
    };
  }, [paper]);
  useEffect(() => {
    if (!mapReady) return;
    // let the QR image decode before declaring the page ready
    const id = window.setTimeout(() => (document.body.dataset.printReady = '1'), 300);
    return () => {
      window.clearTimeout(id);
      delete document.body.dataset.printReady;
    };
  }, [mapReady]);

  if (error) return <p className="error" data-testid="print-error">{t(E.failed, { message: error })}</p>;
  if (!data) return <p>…</p>;
  const { meta } = data.backup;
  const gsi = isGsiTiles(data.tileUrl, data.tileAttribution);
  const attribution = attributionText(data.tileAttribution);

  return (
    <div className={`print-sheet paper-${paper}`} data-testid="print-page" data-pins={pins.length}>
      <header className="print-head">
        <div>
          <h1>{meta.title}</h1>
          <p className="print-sub">
            {meta.district && <span data-testid="print-district">{meta.district}</span>}
            <span>{t(E.createdOn, { date: formatDateJa(new Date()) })}</span>
          </p>
        </div>
        <button type="button" className="btn btn-big no-print" onClick={() => window.print()}>{t(E.printButton)}</button>
      </header>
      <div className="print-body">
        <div className="print-map-wrap">
          <PrintMap pins={pins} areas={areas} center={center} zoom={meta.zoom} tileUrl={data.tileUrl} onReady={onReady} />
          <p className="print-credit" data-testid="print-credit">
            {attribution && t(E.source, { text: attribution })}
            {gsi && <span>　{t(E.gsiCredit)}</span>}
          </p>
        </div>
        <aside className="print-legend">
          <h2>{t(E.legend)}</h2>
          {pins.length === 0 && <p>{t(E.noPins)}</p>}
          <ol className={`legend-list${pins.length > 40 ? ' legend-dense-2' : pins.length > 20 ? ' legend-dense' : ''}`} data-testid="legend">
            {pins.map((p) => (
              <li key={p.item.id}>
                <span className="legend-num" style={{ background: p.category?.color ?? '#757575' }}>{p.n}</span>
                <div>
                  <strong>{p.item.text}</strong>
                  <small>
                    {p.category ? `${p.category.icon ?? ''}${p.category.label}` : ''}
                    {p.item.address ? `　${p.item.address}` : ''}
                    {p.item.phone ? `　☎ ${p.item.phone}` : ''}
                    {p.item.hours ? `　${p.item.hours}` : ''}
                  </small>
                </div>
              </li>
            ))}
          </ol>
          <div className="print-qr">
            <QrCode text={data.liveUrl} size={110} label={t(E.qrLabel)} />
            <span>{t(E.qrLabel)}</span>
          </div>
        </aside>
      </div>
    </div>
  );
}
