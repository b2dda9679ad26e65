import { Fragment } from 'react';
import type { Translate } from '../i18n/lang.js';
import type { NumberedPin } from './printData.js';
import { E } from './strings.js';
import { safeColor } from '@tsunagu/shared';

/**
 * One legend entry: the number in the pin's colour, the name, then category, address, phone and
 * hours — each part wraps as a unit where it can (a phone number never breaks) and inside
 * itself when it is longer than the line.
 */
function LegendEntry({ p }: { p: NumberedPin }) {
  const details = [
    p.category ? `${p.category.icon ?? ''}${p.category.label}` : '',
    p.item.address ?? '',
    p.item.phone ? `☎ ${p.item.phone}` : '',
    p.item.hours ?? '',
  ].filter(Boolean);
  return (
    <li>
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
  return (
    <ol className="legend-col" data-legend-col="" data-testid="legend" start={from + 1}>
      {pins.slice(from, to).map((p) => (
        <LegendEntry key={p.item.id} p={p} />
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
