import { Fragment, useMemo } from 'react';
import { useLang, type Translate } from '../i18n/lang.js';
import { legendHeadings, type LegendHeading, type NumberedPin } from './printData.js';
import { E } from './strings.js';
import { CATEGORY_KIND_LABELS, localLabel, safeColor } from '@tsunagu/shared';

const NO_AREA = { ja: '区域の外・区域なし', en: 'Outside the areas' };

/**
 * One legend entry: the number in the pin's colour, the name, then category, address, phone and
 * hours — each part wraps as a unit where it can (a phone number never breaks) and inside
 * itself when it is longer than the line.
 */
function LegendEntry({ p, heading }: { p: NumberedPin; heading: LegendHeading | null }) {
  const { lang } = useLang();
  const details = [
    p.category ? `${p.category.icon ?? ''}${localLabel('category', p.category, lang)}` : '',
    p.item.address ?? '',
    p.item.phone ? `☎ ${p.item.phone}` : '',
    p.item.hours ?? '',
  ].filter(Boolean);
  // a section heading sits inside the first entry of its section, so the legend's measured
  // entry heights (one per pin) include it and the packing stays right
  return (
    <li className={heading ? 'legend-first' : undefined}>
      {heading && (
        <div className="legend-heading" data-testid="legend-heading" data-kind={heading.kind} data-area={heading.area}>
          {heading.kind !== undefined ? (
            <h3 className="legend-kind">
              {(CATEGORY_KIND_LABELS[heading.kind] ?? CATEGORY_KIND_LABELS.need!)[lang]}
              {heading.area !== undefined && <span className="legend-area">　{heading.area || NO_AREA[lang]}</span>}
            </h3>
          ) : (
            heading.area !== undefined && <h4 className="legend-area">{heading.area || NO_AREA[lang]}</h4>
          )}
        </div>
      )}
      <span className="legend-num" style={{ background: safeColor(p.category?.color) }}>
        {p.n}
      </span>
      <div className="legend-text">
        <strong>{p.item.text}</strong>
        {details.length > 0 && (
          <small>
            {details.map((d, i) => (
              <Fragment key={i}>
                <span>{d}</span>{' '}
              </Fragment>
            ))}
          </small>
        )}
      </div>
    </li>
  );
}

/** One legend column: entries `range[0]` up to `range[1]` of `pins`. */
export function LegendColumn({ pins, range }: { pins: readonly NumberedPin[]; range: [number, number] }) {
  const [from, to] = range;
  const headings = useMemo(() => legendHeadings(pins), [pins]);
  return (
    <ol className="legend-col" data-legend-col="" data-testid="legend" start={from + 1}>
      {pins.slice(from, to).map((p, i) => (
        <LegendEntry key={p.item.id} p={p} heading={headings[from + i] ?? null} />
      ))}
    </ol>
  );
}

/**
 * A continuation sheet: 「凡例（つづき）」, the workshop title and 「2 / 3」 in the head, then
 * the legend in several columns. `probe` marks the sheet rendered only to measure the columns.
 */
export function ContinuationSheet(props: {
  t: Translate;
  title: string;
  district: string;
  page: number;
  total: number;
  pins: readonly NumberedPin[];
  columns: [number, number][];
  probe?: boolean;
}) {
  const { t, title, district, page, total, pins, columns, probe } = props;
  return (
    <section className="print-sheet print-sheet-cont" data-sheet={probe ? undefined : page} data-probe={probe ? '' : undefined} aria-hidden={probe || undefined}>
      <header className="print-head print-head-cont">
        <div className="print-head-main">
          <h1>{t(E.legendContinued)}</h1>
          <p className="print-sub">
            <span>{title}</span>
            {district && <span>{district}</span>}
          </p>
        </div>
        <span className="print-pageno" data-testid="print-pageno">
          {t(E.pageOf, { n: page, total })}
        </span>
      </header>
      <div className="legend-cols">
        {columns.map((range, i) => (
          <LegendColumn key={i} pins={pins} range={range} />
        ))}
      </div>
    </section>
  );
}
