/**
 * RFC 4180 CSV writing: fields holding a comma, a double quote, CR or LF are quoted and
 * their quotes doubled; records end with CRLF (Excel's expectation), including the last.
 */
export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A cell Excel or LibreOffice would run as a formula (CSV injection) starts with = + - @, a tab
 * or CR, or their full-width forms ＝ ＋ － ＠ (IMEs type these; some spreadsheet builds treat
 * them alike). Such a cell is neutralised with a leading `'`, unless it is wholly a number
 * (`-12.5`, `+3`, `1e3`) or a phone number (`+81-90-1234-5678`, `03-1234-5678`, `(03) 1234-5678`).
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const WHOLE_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const PHONE = /^\+?\d{1,4}([- ]\(?\d{1,5}\)?){1,4}$/;

export function neutraliseCsvText(s: string): string {
  if (!FORMULA_START.test(s)) return s;
  if (WHOLE_NUMBER.test(s)) return s;
  if (PHONE.test(s) && (s.match(/\d/g) ?? []).length >= 7) return s;
  return `'${s}`;
}

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  const safe = typeof value === 'string' ? neutraliseCsvText(s) : s;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map(csvRecord).join('');
}
