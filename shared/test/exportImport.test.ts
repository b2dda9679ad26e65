import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  applyImport,
  buildCsv,
  buildGeoJson,
  buildSummary,
  csvField,
  initRestrictedDoc,
  initWorkshopDoc,
  mapHeaders,
  parseExportFilter,
  parseGeoJsonPoints,
  parseOpenDataCsv,
  readItems,
  readWorkshopData,
  setResourceStage,
  tokenizeCsv,
  validateItemInput,
} from '../src/index.js';

function workshop() {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: 'テスト', district: '中央小学校区' }, 1_700_000_000_000);
  const res = new Y.Doc();
  initRestrictedDoc(res);
  return { doc, res };
}

const query = (s: string) => new URLSearchParams(s) as unknown as Parameters<typeof parseExportFilter>[0];

describe('CSV writing (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-3人', "'-3人"], // not wholly a number: neutralised (issue 11)
  ])('%j → %j', (input, out) => expect(csvField(input)).toBe(out));
  it('numbers and empties', () => {
    expect(csvField(35.5)).toBe('35.5');
    expect(csvField(undefined)).toBe('');
    expect(csvField(NaN)).toBe('');
  });
});

describe('CSV reading', () => {
  it('handles quotes, commas and line breaks inside fields, CRLF/LF/CR, BOM and a missing final newline', () => {
    const text = '\ufeffa,b\r\n"x,1","he said ""yo""\nok"\r2,3\n\n4, "5"';
    expect(tokenizeCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x,1', 'he said "yo"\nok'] },
      { line: 4, cells: ['2', '3'] },
      { line: 6, cells: ['4', '5'] },
    ]);
  });
  it('maps header variants', () => {
    expect(mapHeaders(['NO', '名称', '住所', '緯度', '経度', '電話番号'])).toEqual({ id: 0, name: 1, address: 2, lat: 3, lng: 4, phone: 5 });
    expect(mapHeaders(['ID', '名称', '所在地_連結表記', 'LAT', 'Lng'])).toMatchObject({ id: 0, name: 1, address: 2, lat: 3, lng: 4 });
    expect(mapHeaders(['ｎｏ', ' 名　称 ', '所在地', 'latitude', 'longitude'])).toMatchObject({ id: 0, name: 1, address: 2, lat: 3, lng: 4 });
  });
  it('gives stable source keys and reports every row it cannot place', () => {
    const csv = 'NO,名称,住所,緯度,経度\n1,A,x,35.9,139.4\n2,B,y,,\n3,C,z,139.4,35.9\n4,D,w,95,200\n1,A,x,35.9,139.4\n';
    const a = parseOpenDataCsv(csv);
    const b = parseOpenDataCsv(csv);
    expect(a.rows.map((r) => r.sourceKey)).toEqual(b.rows.map((r) => r.sourceKey));
    expect(a.rows.map((r) => [r.name, r.lat, r.lng])).toEqual([
      ['A', 35.9, 139.4],
      ['C', 35.9, 139.4], // swapped columns are recognised
    ]);
    expect(a.problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'no-coordinates'],
      [5, 'out-of-range'],
      [6, 'duplicate-in-file'],
    ]);
    expect(a.total).toBe(5);
  });
});

describe('export builders', () => {
  it('GeoJSON is longitude first, only pins, never restricted without the flag', () => {
    const { doc, res } = workshop();
    addItem(doc, { text: 'サロン', category: 'ibasho', lat: 35.1, lng: 139.2 });
    addItem(doc, { text: 'note', category: 'sumai' });
    addItem(res, { text: '心配', category: 'shinpai', lat: 35.2, lng: 139.3 });
    const data = readWorkshopData(doc, res);
    const open = buildGeoJson(data);
    expect(open.features.map((f) => [f.properties.text, f.geometry.coordinates])).toEqual([['サロン', [139.2, 35.1]]]);
    const staff = buildGeoJson(data, parseExportFilter(query('include=restricted')));
    expect(staff.features.map((f) => f.properties.text).sort()).toEqual(['サロン', '心配']);
    expect(buildCsv(data)).not.toContain('心配');
    expect(buildCsv(data, { includeRestricted: true })).toContain('心配');
  });

  it('parses filters from a query', () => {
    expect(parseExportFilter(query('kind=resource,gap&kind=bogus&column=gyosei&area=a1'))).toEqual({
      kinds: ['resource', 'gap'],
      categories: [],
      areas: ['a1'],
      columns: ['gyosei'],
      includeRestricted: false,
    });
  });

  it('summary counts category × column', () => {
    const { doc } = workshop();
    addItem(doc, { text: 'a', category: 'sumai', column: 'gyosei' });
    addItem(doc, { text: 'b', category: 'sumai', column: 'jumin' });
    addItem(doc, { text: 'c', category: 'attara', column: 'kyodo' });
    const s = buildSummary(readWorkshopData(doc));
    expect(s.matrix.counts.sumai).toMatchObject({ pool: 0, gyosei: 1, jumin: 1, kyodo: 0 });
    expect(s.matrix.columnTotals).toMatchObject({ kyodo: 1 });
    expect(s.gaps.map((g) => g.text)).toEqual(['c']);
  });

  it('a resource marked as newly created (創出) is counted, exported as such, and only that value is valid', () => {
    const { doc } = workshop();
    const salon = addItem(doc, { text: '坂の上のベンチ', category: 'ibasho', lat: 35.1, lng: 139.2 });
    addItem(doc, { text: '子ども食堂', category: 'kodomo-shokudo', lat: 35.11, lng: 139.21 });
    addItem(doc, { text: '移動販売がほしい', category: 'attara', lat: 35.12, lng: 139.22 });
    setResourceStage(doc, [salon], 'created');
    expect(readItems(doc).find((i) => i.id === salon)!.stage).toBe('created');
    const data = readWorkshopData(doc);
    const s = buildSummary(data);
    expect(s.totals).toMatchObject({ resources: 2, created: 1, gaps: 1 });
    expect(s.resources.map((r) => [r.text, r.stage]).sort()).toEqual([['坂の上のベンチ', 'created'], ['子ども食堂', 'known']]);
    const stages = Object.fromEntries(buildGeoJson(data).features.map((f) => [f.properties.text, f.properties.stage]));
    expect(stages).toEqual({ 坂の上のベンチ: 'created', 子ども食堂: 'known', 移動販売がほしい: 'missing' });
    const [header, ...rows] = tokenizeCsv(buildCsv(data)).map((r) => r.cells);
    const col = header!.indexOf('段階');
    expect(Object.fromEntries(rows.map((r) => [r[1], r[col]]))).toEqual({ 坂の上のベンチ: '創出', 子ども食堂: '把握', 移動販売がほしい: '不足' });
    // cleared again
    setResourceStage(doc, [salon], null);
    expect(buildSummary(readWorkshopData(doc)).totals.created).toBe(0);
    expect(validateItemInput({ text: 'x', category: 'ibasho', stage: 'created' })).toEqual([]);
    expect(validateItemInput({ text: 'x', category: 'ibasho', stage: 'planned' })).not.toEqual([]);
    expect(() => setResourceStage(doc, [salon], 'planned' as never)).toThrow();
  });
});

describe('applyImport', () => {
  it('adds pins once, with the import origin, and refuses restricted categories', () => {
    const { doc } = workshop();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const parsed = parseGeoJsonPoints(JSON.stringify({ type: 'Point', coordinates: [139.4, 35.9] }));
    expect(parsed.problems).toEqual([{ line: 1, name: '', reason: 'no-name' }]);
    const csv = parseOpenDataCsv('名称,緯度,経度\nA,35.9,139.4\n');
    expect(applyImport(doc, csv.rows, { category: 'hinanjo' }).added).toBe(1);
    expect(applyImport(doc, csv.rows, { category: 'hinanjo' })).toMatchObject({ added: 0, alreadyPresent: 1 });
    expect(readItems(doc)).toHaveLength(1);
    expect(origins).toContainEqual({ kind: 'import' });
    expect(() => applyImport(doc, csv.rows, { category: 'shinpai' })).toThrow(/restricted/);
  });
});
