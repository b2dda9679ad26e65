import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLang, useT } from '../i18n/lang.js';
import { QrCode } from '../ui/QrCode.js';
import { columnCapacity, columnsOfSheet, firstOverflow, LEGEND_COLUMNS, measureEntries, packLegend, sheetCount, type ColumnKind } from './legendLayout.js';
import { PrintMap } from './PrintMap.js';
import { ContinuationSheet, LegendColumn } from './PrintSheets.js';
import { attributionText, formatDate, isGsiTiles, numberPins } from './printData.js';
import { E } from './strings.js';
import { usePrintData } from './usePrintData.js';
import './print.css';
import { ConsentCheck } from '../privacy/ConsentCheck.js';

/** Rounds of "check the rendered columns, cap the first one that overflows, repack" before giving up. */
const MAX_FIX_ROUNDS = 24;

interface LegendLayout {
  /** What the layout was measured for (pins, language, paper); a new key measures again. */
  key: object;
  first: ColumnKind;
  cont: ColumnKind;
  maxCounts: (number | undefined)[];
  starts: number[];
  rounds: number;
  /** Checked in the rendered page: no column runs past its usable height. */
  done: boolean;
}

/**
 * `/w/:id/print?paper=A3|A4&kind=resource,gap`: the printed resource map — title, 小学校区,
 * date, the map with numbered pins, the legend keyed to the numbers (name, category, address,
 * phone, hours), the tile attribution (「地理院タイルを加工して作成」 for GSI tiles) and a QR
 * code to the live map. Landscape; the server renders the same page to PDF.
 *
 * The first sheet holds the map and as many legend entries as fit beside it; the rest go onto
 * continuation sheets (「凡例（つづき）」, 「2 / 3」) in several columns, each on its own printed
 * page. The split is measured, not guessed: once fonts are loaded every entry is rendered in
 * the first sheet's column and in a probe continuation column, their heights packed into
 * columns, and the rendered result checked (a column that still runs over is capped and the
 * rest repacked). Sets `data-print-ready` on <body> when the map, the legend and the QR code
 * are drawn; the page element then carries `data-sheets` (sheet count) and
 * `data-legend-rounds` (how many of those corrections it took, normally 0).
 */
export function PrintPage({ workshopId, paper, kind }: { workshopId: string; paper: 'A3' | 'A4'; kind: string }) {
  const t = useT();
  const { lang } = useLang();
  const { data, error } = usePrintData(workshopId, { viewerLink: true });
  const [mapReady, setMapReady] = useState(false);
  // the 出典 is printed only when map tiles were drawn (not over a plain background)
  const [tilesDrawn, setTilesDrawn] = useState(false);
  const onReady = useCallback((drawn: boolean) => {
    setTilesDrawn(drawn);
    setMapReady(true);
  }, []);
  const [fontsReady, setFontsReady] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const pins = useMemo(() => (data ? numberPins(data.backup, kind.split(',').filter(Boolean)) : []), [data, kind]);
  const areas = useMemo(() => data?.backup.areas ?? [], [data]);
  const center = useMemo<[number, number]>(() => data?.backup.meta.center ?? [35.9251, 139.4858], [data]);
  const cols = LEGEND_COLUMNS[paper];
  const layoutKey = useMemo(() => ({ pins, t, paper }), [pins, t, paper]);
  const [layout, setLayout] = useState<LegendLayout | null>(null);
  const current = layout?.key === layoutKey ? layout : null;
  const probing = data !== null && fontsReady && pins.length > 0 && current === null;
  const legendDone = data !== null && fontsReady && (pins.length === 0 || current?.done === true);

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
    let live = true;
    void document.fonts.ready.then(() => live && setFontsReady(true));
    return () => {
      live = false;
    };
  }, []);

  // Measure, pack, check: each step renders before the browser paints (layout effects).
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    if (probing) {
      const firstCol = root.querySelector('[data-sheet="1"] [data-legend-col]');
      const probeCol = root.querySelector('[data-probe] [data-legend-col]');
      if (!firstCol || !probeCol) return;
      const first: ColumnKind = { cols: cols.first, cap: columnCapacity(firstCol), heights: measureEntries(firstCol) };
      const cont: ColumnKind = { cols: cols.cont, cap: columnCapacity(probeCol), heights: measureEntries(probeCol) };
      setLayout({ key: layoutKey, first, cont, maxCounts: [], starts: packLegend(pins.length, first, cont), rounds: 0, done: false });
      return;
    }
    if (!current || current.done) return;
    const over = firstOverflow(Array.from(root.querySelectorAll('[data-legend-col]')));
    if (!over || current.rounds >= MAX_FIX_ROUNDS) {
      if (over) console.warn('print legend: a column still runs over after', current.rounds, 'rounds');
      setLayout({ ...current, done: true });
      return;
    }
    const maxCounts = [...current.maxCounts];
    maxCounts[over.col] = over.fits;
    setLayout({ ...current, maxCounts, starts: packLegend(pins.length, current.first, current.cont, maxCounts), rounds: current.rounds + 1 });
  }, [probing, current, layoutKey, pins.length, cols]);

  useEffect(() => {
    if (!mapReady || !legendDone) return;
    let live = true;
    void whenQrDrawn(rootRef.current).then(() => {
      if (live) document.body.dataset.printReady = '1';
    });
    return () => {
      live = false;
      delete document.body.dataset.printReady;
    };
  }, [mapReady, legendDone]);

  if (error) return <p className="error" data-testid="print-error">{t(E.failed, { message: error })}</p>;
  if (!data) return <p>…</p>;
  const { meta } = data.backup;
  const gsi = isGsiTiles(data.tileUrl, data.tileAttribution);
  const attribution = attributionText(data.tileAttribution);
  // Before the fonts are in, the legend is empty; while probing, every entry sits in the first column.
  const starts = current?.starts ?? (probing ? [0] : []);
  const total = current ? sheetCount(current.starts, cols.first, cols.cont) : 1;
  // While probing, draw the first sheet as one of many (page number, note) so it measures no roomier than it ends up.
  const multi = probing || total > 1;
  const nextFrom = probing ? pins.length : (starts[cols.first] ?? pins.length) + 1;

  return (
    <div ref={rootRef} className={`print-sheets paper-${paper}`} data-testid="print-page" data-pins={pins.length} data-sheets={legendDone ? total : undefined} data-legend-rounds={current?.rounds}>
      <div className="print-toolbar no-print">
        <button type="button" className="btn btn-big" onClick={() => window.print()}>
          {t(E.printButton)}
        </button>
        {legendDone && <span>{t(E.sheetsInfo, { paper, n: total })}</span>}
        <ConsentCheck items={data.backup.items} categories={data.backup.categories} />
      </div>
      <section className="print-sheet print-sheet-first" data-sheet={1}>
        <header className="print-head">
          <div className="print-head-main">
            <h1>{meta.title}</h1>
            <p className="print-sub">
              {meta.district && <span data-testid="print-district">{meta.district}</span>}
              <span>{t(E.createdOn, { date: formatDate(new Date(), lang) })}</span>
            </p>
          </div>
          <div className="print-head-side">
            <div className="print-qr">
              <span>{t(E.qrLabel)}</span>
              <QrCode text={data.liveUrl} size={84} label={t(E.qrLabel)} />
            </div>
            {multi && (
              <span className="print-pageno" data-testid="print-pageno">
                {t(E.pageOf, { n: 1, total: probing ? 99 : total })}
              </span>
            )}
          </div>
        </header>
        <div className="print-body">
          <div className="print-map-wrap">
            <PrintMap pins={pins} areas={areas} center={center} zoom={meta.zoom} tileUrl={data.tileUrl} onReady={onReady} />
            <p className="print-credit" data-testid="print-credit" data-tiles={tilesDrawn ? 'drawn' : 'none'}>
              {tilesDrawn && attribution && t(E.source, { text: attribution })}
              {tilesDrawn && gsi && <span>　{t(E.gsiCredit)}</span>}
            </p>
          </div>
          <aside className="print-legend">
            <h2>{t(E.legend)}</h2>
            {pins.length === 0 && <p>{t(E.noPins)}</p>}
            <div className="legend-cols">
              {columnsOfSheet(starts, pins.length, 0, cols.first, cols.cont).map((range, i) => (
                <LegendColumn key={i} pins={pins} range={range} />
              ))}
            </div>
            {multi && <p className="legend-more">{t(E.continuedFrom, { n: nextFrom })}</p>}
          </aside>
        </div>
      </section>
      {Array.from({ length: total - 1 }, (_, i) => (
        <ContinuationSheet
          key={i + 2}
          t={t}
          title={meta.title}
          district={meta.district}
          page={i + 2}
          total={total}
          pins={pins}
          columns={columnsOfSheet(starts, pins.length, i + 1, cols.first, cols.cont)}
        />
      ))}
      {probing && (
        <ContinuationSheet
          key="probe"
          probe
          t={t}
          title={meta.title}
          district={meta.district}
          page={99}
          total={99}
          pins={pins}
          columns={[[0, pins.length], ...Array.from({ length: cols.cont - 1 }, (): [number, number] => [pins.length, pins.length])]}
        />
      )}
    </div>
  );
}

/**
 * Resolves once the QR code's <img> is in the page and decoded. QrCode draws a placeholder
 * first and the image when the data URL is made; a QR code that never comes must not hold
 * the printout (the server gives up after 30 s), so stop waiting after 5 s.
 */
function whenQrDrawn(root: HTMLElement | null): Promise<void> {
  return new Promise((resolve) => {
    if (!root) return resolve();
    let observer: MutationObserver | undefined;
    const guard = window.setTimeout(finish, 5000);
    function finish() {
      window.clearTimeout(guard);
      observer?.disconnect();
      resolve();
    }
    function check(): boolean {
      const img = root!.querySelector<HTMLImageElement>('img[data-testid="qr"]');
      if (!img) return false;
      observer?.disconnect();
      img.decode().then(finish, finish);
      return true;
    }
    if (check()) return;
    observer = new MutationObserver(() => void check());
    observer.observe(root, { childList: true, subtree: true });
  });
}
