import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, addPin, CSV_HEADERS, CSV_HEADERS_EN, readItems, setResourceStage, type PinFeatureCollection } from '@tsunagu/shared';
import { connectClient, createWorkshop, joinWorkshop, startServer, waitFor, type CreatedWorkshop } from '../helpers/server.js';

/**
 * Issue 18, point 6: every role, kind, category, stage and lane appears in the export files by
 * its label, never as a raw id — and in English with `?lang=en`. The Japanese files stay as they
 * were (same CSV headers; the GeoJSON only gains `kindLabel`, `stageLabel` and `lang`), since
 * other programs read them.
 */
let srv: TsunaguServer;
let ws: CreatedWorkshop;

const RAW_IDS = /^(facilitator|staff|jumin|minsei|csw|need|resource|gap|pool|gyosei|kyodo|ido|ibasho|attara|known|missing|created)$/;

beforeAll(async () => {
  srv = await startServer();
  ws = await createWorkshop(srv.url, '仲町 地域福祉座談会', '仲町');
  const token = await joinWorkshop(srv.url, ws.joinCode, 'はなこ', 'jumin');
  const resident = connectClient(srv.url, ws.id, token);
  await resident.synced;
  addPin(resident.doc, { text: 'バス停が遠い', category: 'ido', authorName: 'はなこ', authorRole: 'jumin', lat: 35.93, lng: 139.479 });
  const fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
  await fac.synced;
  const salon = addPin(fac.doc, { text: '仲町サロン', category: 'ibasho', column: 'kyodo', authorName: '進行', authorRole: 'facilitator', lat: 35.931, lng: 139.48 });
  setResourceStage(fac.doc, [salon], 'created');
  addItem(fac.doc, { text: '移動販売があったら', category: 'attara', column: 'gyosei', authorName: '進行', authorRole: 'facilitator' });
  await waitFor(fac.doc, () => readItems(fac.doc).length === 3, 10_000, 'three items');
  const check = connectClient(srv.url, ws.id, ws.viewerToken);
  await waitFor(check.doc, () => readItems(check.doc).length === 3 && readItems(check.doc).some((i) => i.stage === 'created'), 10_000, 'items on the server');
  for (const c of [resident, fac, check]) c.destroy();
});
afterAll(async () => {
  await srv?.close();
});

const get = (file: string) => fetch(`${srv.url}/api/workshops/${ws.id}/${file}`, { headers: { authorization: `Bearer ${ws.facilitatorToken}` } });
const csv = async (file: string) => {
  const res = await get(file);
  expect(res.status, file).toBe(200);
  return parseCsv(Buffer.from(await res.arrayBuffer()), { bom: true, relax_column_count: true }) as string[][];
};
const geojson = async (q = '') => (await (await get(`export.geojson${q}`)).json()) as PinFeatureCollection;
const byText = (rows: string[][], text: string) => Object.fromEntries(rows[0]!.map((h, i) => [h, rows.find((r) => r[1] === text)![i]]));

describe('export.csv', () => {
  it('Japanese by default: the same headers as before, labels not ids', async () => {
    const rows = await csv('export.csv');
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    expect(byText(rows, 'バス停が遠い')).toMatchObject({ カテゴリ: '移動・買い物', 種別: '課題', 段階: '', 列: '出てきた課題', 投稿者の立場: '住民' });
    expect(byText(rows, '仲町サロン')).toMatchObject({ カテゴリ: '居場所・サロン', 種別: '地域資源', 段階: '創出', 列: '一緒にやること', 投稿者の立場: '進行役' });
    expect(byText(rows, '移動販売があったら')).toMatchObject({ 種別: 'あったらいいな', 段階: '不足', 列: '行政がやるべきこと' });
    for (const r of rows.slice(1)) for (const cell of r.slice(8, 15)) expect(cell).not.toMatch(RAW_IDS);
  });

  it('?lang=en: English headers and labels, the same rows', async () => {
    const ja = await csv('export.csv');
    const rows = await csv('export.csv?lang=en');
    expect(rows[0]).toEqual([...CSV_HEADERS_EN]);
    expect(rows.length).toBe(ja.length);
    expect(byText(rows, 'バス停が遠い')).toMatchObject({ Category: 'Transport / shopping', Kind: 'Need', Stage: '', Lane: 'Issues raised', 'Author role': 'Resident' });
    expect(byText(rows, '仲町サロン')).toMatchObject({ Category: 'Drop-in place / salon', Kind: 'Resource', Stage: 'Created', Lane: 'Together', 'Author role': 'Facilitator' });
    expect(byText(rows, '移動販売があったら')).toMatchObject({ Kind: 'Wish', Stage: 'Missing', Lane: 'For the administration' });
    for (const r of rows.slice(1)) for (const cell of r.slice(8, 15)) expect(cell).not.toMatch(RAW_IDS);
    // CP932 in English too
    const cp = await get('export.csv?lang=en&charset=cp932');
    expect(cp.headers.get('content-type')).toContain('Shift_JIS');
  });
});

describe('export.geojson', () => {
  it('keeps every id and puts its label beside it: Japanese by default, English with ?lang=en', async () => {
    const ja = await geojson();
    expect(ja.lang).toBe('ja');
    const salon = ja.features.find((f) => f.properties.text === '仲町サロン')!.properties;
    expect(salon).toMatchObject({
      category: 'ibasho',
      categoryLabel: '居場所・サロン',
      kind: 'resource',
      kindLabel: '地域資源',
      column: 'kyodo',
      columnLabel: '一緒にやること',
      authorRole: 'facilitator',
      authorRoleLabel: '進行役',
      stage: 'created',
      stageLabel: '創出',
    });
    const en = await geojson('?lang=en');
    expect(en.lang).toBe('en');
    expect(en.features.length).toBe(ja.features.length);
    const salonEn = en.features.find((f) => f.properties.text === '仲町サロン')!.properties;
    expect(salonEn).toMatchObject({
      category: 'ibasho',
      categoryLabel: 'Drop-in place / salon',
      kind: 'resource',
      kindLabel: 'Resource',
      column: 'kyodo',
      columnLabel: 'Together',
      authorRole: 'facilitator',
      authorRoleLabel: 'Facilitator',
      stage: 'created',
      stageLabel: 'Created',
    });
    const bus = en.features.find((f) => f.properties.text === 'バス停が遠い')!.properties;
    expect(bus).toMatchObject({ categoryLabel: 'Transport / shopping', kindLabel: 'Need', stageLabel: '', authorRoleLabel: 'Resident', columnLabel: 'Issues raised' });
  });
});

describe('summary.csv', () => {
  it('?lang=en has English section titles and headers as well as labels; Japanese by default', async () => {
    const ja = (await csv('summary.csv')).flat();
    expect(ja).toContain('【概要】');
    expect(ja).toContain('創出');
    const en = await csv('summary.csv?lang=en');
    const cells = en.flat();
    for (const w of ['[Overview]', '[Category × lane]', '[Resources]', '[Participants (by role)]', 'Created', 'Resident', 'Transport / shopping']) expect(cells, w).toContain(w);
    // no Japanese words of the file's own (the workshop's title, its texts and area names stay as written)
    const own = new Set(['仲町 地域福祉座談会', '仲町', 'バス停が遠い', '仲町サロン', '移動販売があったら']);
    expect(cells.filter((c) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(c) && !own.has(c))).toEqual([]);
  });
});
