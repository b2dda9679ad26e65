/**
 * Pagination of the printed legend. The first sheet holds the map and `first.cols` legend
 * columns beside it; every further entry goes onto continuation sheets of `cont.cols` columns.
 * Entry heights and column heights are measured in the rendered page (see PrintPage), so the
 * counts follow the real fonts, paper size and text lengths instead of a guess.
 *
 * A layout is the list of column starts: column `c` holds entries `starts[c]` up to
 * `starts[c + 1]` (or the end). Columns `0 … first.cols - 1` are on sheet 1, the next
 * `cont.cols` on sheet 2, and so on.
 */

/** Legend columns per sheet, by paper. */
export const LEGEND_COLUMNS: Record<'A3' | 'A4', { first: number; cont: number }> = {
  A3: { first: 1, cont: 4 },
  A4: { first: 1, cont: 3 },
};

/**
 * Room kept free at the foot of every column (CSS px, 96 per inch): Chromium lays out the
 * PDF in print mode, where a line may wrap a little differently than on screen.
 */
export const COLUMN_SLACK_PX = 14;

export interface ColumnKind {
  /** Columns of this kind per sheet. */
  cols: number;
  /** Usable height of one column (CSS px). */
  cap: number;
  /** Height of every entry at this column's width, including its bottom margin (CSS px). */
  heights: readonly number[];
}

/**
 * Greedy packing in order: each column takes entries while they fit (at least one, so a
 * single huge entry cannot stall the layout). `maxCounts[c]`, when set, caps column `c`
 * (found by checking the rendered result, see `firstOverflow`).
 */
export function packLegend(count: number, first: ColumnKind, cont: ColumnKind, maxCounts: readonly (number | undefined)[] = []): number[] {
  const starts: number[] = [];
  let i = 0;
  for (let c = 0; i < count; c++) {
    const kind = c < first.cols ? first : cont;
    const max = maxCounts[c] ?? Infinity;
    starts.push(i);
    let used = 0;
    let n = 0;
    while (i < count && n < max) {
      const h = kind.heights[i] ?? 0;
      if (n > 0 && used + h > kind.cap) break;
      used += h;
      n++;
      i++;
    }
  }
  return starts.length > 0 ? starts : [0];
}

/** Sheets needed for a layout (at least 1). */
export function sheetCount(starts: readonly number[], firstCols: number, contCols: number): number {
  return 1 + Math.ceil(Math.max(0, starts.length - firstCols) / contCols);
}

/** The columns of sheet `s` (0-based) as [start, end) ranges of entry indexes; empty columns fill the last sheet. */
export function columnsOfSheet(starts: readonly number[], count: number, s: number, firstCols: number, contCols: number): [number, number][] {
  const from = s === 0 ? 0 : firstCols + (s - 1) * contCols;
  const n = s === 0 ? firstCols : contCols;
  const out: [number, number][] = [];
  for (let c = from; c < from + n; c++) {
    const start = starts[c] ?? count;
    const end = starts[c + 1] ?? count;
    out.push([Math.min(start, count), Math.min(end, count)]);
  }
  return out;
}

/**
 * Heights of the entries (the <li> children) of a rendered column, each including the space to
 * the next one (its margin), so the sum is the height the entries take stacked in a column.
 */
export function measureEntries(col: Element): number[] {
  const items = Array.from(col.children) as HTMLElement[];
  const rects = items.map((el) => el.getBoundingClientRect());
  return rects.map((r, i) => {
    const next = rects[i + 1];
    if (next) return next.top - r.top;
    const margin = parseFloat(getComputedStyle(items[i]!).marginBottom) || 0;
    return r.height + margin;
  });
}

/** Usable height of a rendered column (its content box less the slack). */
export function columnCapacity(col: Element): number {
  return (col as HTMLElement).clientHeight - COLUMN_SLACK_PX;
}

/**
 * The first rendered column whose entries run past its usable height, and how many of its
 * entries fit (at least 1); null when every column holds its entries.
 */
export function firstOverflow(cols: readonly Element[]): { col: number; fits: number } | null {
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c]!;
    const items = Array.from(col.children);
    if (items.length === 0) continue;
    const limit = col.getBoundingClientRect().top + columnCapacity(col);
    const fits = items.findIndex((el) => el.getBoundingClientRect().bottom > limit + 0.5);
    if (fits >= 0 && !(fits === 0 && items.length === 1)) return { col: c, fits: Math.max(1, fits) };
  }
  return null;
}
