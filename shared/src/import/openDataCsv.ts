import { tokenizeCsv } from './csvTokenize.js';
import { mapHeaders, type ImportField } from './headerMap.js';
import { checkCoordinates, ImportFormatError, type ImportCandidate, type ImportProblem, type ParsedImport } from './importTypes.js';
import { cleanCode, cleanText, headerKey, parseDegree, stableHash } from './normalize.js';

/**
 * Read a municipal open-data CSV (already decoded to text; the server handles CP932) into
 * places. Every data row ends up either in `rows` or in `problems` with a reason — never
 * dropped silently.
 */
export function parseOpenDataCsv(text: string): ParsedImport {
  const records = tokenizeCsv(text);
  const header = records[0];
  if (!header) throw new ImportFormatError('the file is empty', 'ファイルが空です');
  const map = mapHeaders(header.cells);
  if (map.name === undefined)
    throw new ImportFormatError(
      `no name column (名称) in the header: ${header.cells.slice(0, 8).join(', ')}`,
      `見出し行に「名称」の列が見つかりません（${header.cells.slice(0, 8).join('、')}）`,
    );
  const hasCoords = map.lat !== undefined && map.lng !== undefined;
  // What kind of file this is, so that two files numbered 1, 2, 3 … get different keys.
  const dataset = stableHash(header.cells.map(headerKey).join(','));
  const rows: ImportCandidate[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();

  const dataRows = records.slice(1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  for (const rec of dataRows) {
    const cell = (f: ImportField): string | undefined => {
      const i = map[f];
      return i === undefined ? undefined : rec.cells[i];
    };
    const name = cleanText(cell('name'));
    const address = cleanText(cell('address')) || undefined;
    const id = cleanCode(cell('id'));
    if (name === '') {
      problems.push({ line: rec.line, name: address ?? '', reason: 'no-name' });
      continue;
    }
    const latRaw = cleanCode(cell('lat'));
    const lngRaw = cleanCode(cell('lng'));
    if (!hasCoords || latRaw === '' || lngRaw === '') {
      problems.push({ line: rec.line, name, reason: 'no-coordinates' });
      continue;
    }
    const pos = checkCoordinates(parseDegree(latRaw), parseDegree(lngRaw));
    if (typeof pos === 'string') {
      problems.push({ line: rec.line, name, reason: pos, detail: `${latRaw}, ${lngRaw}` });
      continue;
    }
    const sourceKey = `csv-${dataset}-${stableHash([id, name, address ?? ''].join('\u0001'))}`;
    if (seen.has(sourceKey)) {
      problems.push({ line: rec.line, name, reason: 'duplicate-in-file' });
      continue;
    }
    seen.add(sourceKey);
    const days = cleanText(cell('days'));
    const open = cleanCode(cell('open'));
    const close = cleanCode(cell('close'));
    const hours = cleanText(cell('hours')) || [days, open || close ? `${open}〜${close}` : ''].filter(Boolean).join(' ') || undefined;
    rows.push({
      line: rec.line,
      sourceKey,
      name,
      lat: pos.lat,
      lng: pos.lng,
      address,
      phone: cleanCode(cell('phone')) || undefined,
      hours,
      note: cleanText(cell('note')) || undefined,
    });
  }
  return { format: 'csv', total: dataRows.length, rows, problems };
}
