/**
 * RFC 4180 CSV writing: fields holding a comma, a double quote, CR or LF are quoted and
 * their quotes doubled; records end with CRLF (Excel's expectation), including the last.
 */
export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  // A leading = + - @ would be run as a formula by Excel (CSV injection); keep numbers as they are.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d/.test(s) ? `'${s}` : s;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map(csvRecord).join('');
}
