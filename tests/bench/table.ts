/** Aligned plain-text tables for the benchmark report (ASCII labels; values may hold ×, ≤). */

export type Cell = string | number;

const width = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
};
const pad = (s: string, w: number, right: boolean): string => (right ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s)));

export function formatTable(title: string, header: string[], rows: Cell[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  const line = (r: string[]) => '| ' + r.map((v, c) => pad(v ?? '', widths[c]!, c > 0 && /^[\d.\-−]/.test(v ?? ''))).join(' | ') + ' |';
  const sep = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [`\n## ${title}`, line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}

export function printTable(title: string, header: string[], rows: Cell[][]): void {
  console.log(formatTable(title, header, rows));
}

export const mark = (ok: boolean | null): string => (ok === null ? '—' : ok ? 'PASS' : 'FAIL');
