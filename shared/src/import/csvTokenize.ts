/**
 * RFC 4180 CSV reading, tolerant of what municipal portals publish: CRLF, LF or CR line
 * ends, quoted fields holding commas, quotes ("") and line breaks, a UTF-8 BOM, a missing
 * final line break, and blank lines (skipped). Each record carries the 1-based line where
 * it starts, so problems can point at the line a person sees in a text editor.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export function tokenizeCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  /** The current field opened with a quote (so a later quote is literal text). */
  let wasQuoted = false;
  let line = 1;
  let startLine = 1;
  const endField = () => {
    cells.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(cells.length === 1 && cells[0]!.trim() === '')) out.push({ line: startLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"' && !wasQuoted && field.trim() === '') {
      // spaces before an opening quote are tolerated: `a, "b,c"`
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else field += ch;
  }
  if (field !== '' || cells.length > 0 || wasQuoted) endRecord();
  return out;
}
