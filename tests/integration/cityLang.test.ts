import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, CSV_HEADERS, CSV_HEADERS_EN, readItems } from '@tsunagu/shared';
import { createOrganisation, type TsunaguServer } from '@tsunagu/server';
import { api, connectClient, eventually, joinWorkshop, ROOT, startServer, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * The city's printouts and files in English (issue 14's exports with issue 18's `?lang=en`):
 * city.csv and city-summary.csv with English headers and labels, city.geojson with English
 * `…Label` properties (and nothing else changed), the city summary's labels, and city.pdf
 * rendered from the print page in English (title, legend heading, QR caption, date, category
 * labels; the places' and districts' names as written). Without `?lang=en` every answer is
 * the Japanese one as before. Needs the built client and poppler-utils (pdftotext).
 */
let srv: TsunaguServer;
const clients: TestClient[] = [];
const org = { id: '', token: '' };
const ws: CreatedWorkshop[] = [];
const UNITS = ['北小学校区', '南小学校区'] as const;

async function bytes(p: string): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await fetch(srv.url + p, { headers: { authorization: `Bearer ${org.token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}
const text = async (p: string): Promise<string> => {
  const r = await bytes(p);
  expect(r.status, p).toBe(200);
  return r.body.toString('utf8');
};
const csvRows = async (p: string): Promise<string[][]> => parseCsv(await text(p), { bom: true, relax_column_count: true }) as string[][];

beforeAll(async () => {
  srv = await startServer({ staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png', tileAttribution: 'テスト用タイル' });
  Object.assign(org, await createOrganisation(srv.store, '川越市社会福祉協議会'));
  for (const name of UNITS) {
    const unit = await api<{ unit: { id: string } }>(srv.url, 'POST', `/api/orgs/${org.id}/units`, { name, level: 'school' }, org.token);
    expect(unit.status).toBe(201);
    const w = await api<CreatedWorkshop>(srv.url, 'POST', `/api/orgs/${org.id}/workshops`, { title: `${name} ワークショップ`, unitId: unit.body.unit.id }, org.token);
    expect(w.status).toBe(201);
    ws.push(w.body);
  }
  // one salon named in both districts (merged on the printed legend: "2 districts (北…, 南…)"),
  // a need in the first lane, a wish on the map
  const fill = [
    (d: import('yjs').Doc) => {
      addItem(d, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92, lng: 139.48 });
      addItem(d, { text: '子ども食堂ひまわり', category: 'kodomo-shokudo', lat: 35.925, lng: 139.49 });
      addItem(d, { text: 'バス停が遠い', category: 'ido', column: 'pool' });
      addItem(d, { text: '夜も開いている居場所', category: 'attara', lat: 35.922, lng: 139.482 });
    },
    (d: import('yjs').Doc) => {
      addItem(d, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92005, lng: 139.48005 });
    },
  ];
  for (const [i, w] of ws.entries()) {
    const fac = connectClient(srv.url, w.id, w.facilitatorToken);
    clients.push(fac);
    await fac.synced;
    fill[i]!(fac.doc);
    const want = readItems(fac.doc).length;
    await eventually(() => srv.rooms.loadedRooms.some((r) => r.workshopId === w.id && !r.restricted && readItems(r.doc).length === want), 5000, 'seeded on the server');
  }
  await joinWorkshop(srv.url, ws[0]!.joinCode, 'さくら', 'jumin');
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv?.close();
});

describe('city.csv', () => {
  it('Japanese by default (as before, and ?lang=ja the same bytes); English headers and labels with ?lang=en', async () => {
    const base = `/api/orgs/${org.id}/city.csv`;
    const ja = await bytes(base);
    expect((await bytes(`${base}?lang=ja`)).body.equals(ja.body)).toBe(true);
    expect(ja.disposition).toContain(encodeURIComponent('市全体'));
    const jaRows = parseCsv(ja.body, { bom: true }) as string[][];
    expect(jaRows[0]).toEqual(['区分', '区分の種類', 'ワークショップ', ...CSV_HEADERS]);
    const jaSalon = Object.fromEntries(jaRows[0]!.map((h, i) => [h, jaRows.find((r) => r[4] === 'ふれあいサロン')![i]]));
    expect(jaSalon).toMatchObject({ 区分: '北小学校区', 区分の種類: '小学校区', カテゴリ: '居場所・サロン', 種別: '地域資源', 段階: '把握' });

    const en = await bytes(`${base}?lang=en`);
    expect(en.disposition).toContain('_city.csv');
    const rows = parseCsv(en.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Unit', 'Unit level', 'Workshop', ...CSV_HEADERS_EN]);
    expect(rows.length).toBe(jaRows.length);
    const salon = Object.fromEntries(rows[0]!.map((h, i) => [h, rows.find((r) => r[4] === 'ふれあいサロン')![i]]));
    // the unit's name, the workshop's title and the item's text stay as written
    expect(salon).toMatchObject({ Unit: '北小学校区', 'Unit level': 'Elementary school district', Workshop: '北小学校区 ワークショップ', Category: 'Drop-in place / salon', Kind: 'Resource', Stage: 'Known' });
    const need = Object.fromEntries(rows[0]!.map((h, i) => [h, rows.find((r) => r[4] === 'バス停が遠い')![i]]));
    expect(need).toMatchObject({ Category: 'Transport / shopping', Kind: 'Need', Lane: 'Issues raised' });
    const all = en.body.toString('utf8');
    for (const w of ['区分の種類', ',小学校区,', '居場所・サロン', '地域資源', '把握', '出てきた課題']) expect(all, w).not.toContain(w);

    // an organisation without workshops: the header alone, in either language
    const empty = await createOrganisation(srv.store, '空の組織');
    const head = async (q: string) => (await (await fetch(`${srv.url}/api/orgs/${empty.id}/city.csv${q}`, { headers: { authorization: `Bearer ${empty.token}` } })).text()).replace(/^\uFEFF/, '');
    expect(await head('')).toBe(`${['区分', '区分の種類', 'ワークショップ', ...CSV_HEADERS].join(',')}\r\n`);
    expect(await head('?lang=en')).toBe(`${['Unit', 'Unit level', 'Workshop', ...CSV_HEADERS_EN].join(',')}\r\n`);

    // Shift_JIS too
    const sjis = await bytes(`${base}?lang=en&encoding=cp932`);
    expect(sjis.type).toContain('Shift_JIS');
    expect(iconv.decode(sjis.body, 'cp932').split('\r\n')[0]).toBe(['Unit', 'Unit level', 'Workshop', ...CSV_HEADERS_EN].join(','));
  });
});

describe('city-summary.csv and /city/summary', () => {
  it('Japanese as before; English titles, headers and labels with ?lang=en, the same numbers', async () => {
    const base = `/api/orgs/${org.id}/city-summary.csv`;
    const ja = await text(base);
    expect(await text(`${base}?lang=ja`)).toBe(ja);
    const jaLines = ja.replace(/^\uFEFF/, '').split('\r\n');
    expect(jaLines[0]).toBe('地区別の件数');
    expect(jaLines[1]).toBe('地区,ワークショップ,件数,地図のピン,付箋,投票,地域資源,あったらいいな,創出');
    expect(jaLines).toContain('参加者（立場別）');
    expect(jaLines).toContain('住民,1,0');

    const en = await csvRows(`${base}?lang=en`);
    const flat = en.flat();
    expect(en[0]).toEqual(['Counts by district']);
    expect(en[1]).toEqual(['District', 'Workshop', 'Items', 'Pins', 'Notes', 'Votes', 'Resources', 'Wishes', 'Created']);
    expect(en.find((r) => r[0] === '北小学校区')).toEqual(['北小学校区', '北小学校区 ワークショップ', '4', '3', '1', '0', '2', '1', '0']);
    expect(en.find((r) => r[0] === 'Total')?.slice(2)).toEqual(['5', '4', '1', '0', '3', '1', '0']);
    // the matrix: categories and lanes by their English labels
    const matrixHead = en.find((r) => r[0] === 'Category' && r.includes('Issues raised'));
    expect(matrixHead).toBeTruthy();
    expect(en.find((r) => r[0] === 'Drop-in place / salon')?.at(-1)).toBe('2');
    expect(flat).toContain('Transport / shopping');
    // the wish keeps its text, its category in English; the participant's sector in English
    expect(en.find((r) => r[1] === '夜も開いている居場所')?.slice(0, 3)).toEqual(['北小学校区', '夜も開いている居場所', 'Wish we had']);
    expect(en.find((r) => r[0] === 'Resident')).toEqual(['Resident', '1', '0']);
    for (const w of ['地区別の件数', '居場所・サロン', '出てきた課題', '住民', '合計']) expect(flat.join('\n'), w).not.toContain(w);

    const jaJson = await api<{ totals: unknown; matrix: { categories: { id: string; label: string }[]; columns: { id: string; label: string }[]; counts: unknown }; participants: { kind: string; label: string; joined: number }[] }>(srv.url, 'GET', `/api/orgs/${org.id}/city/summary`, undefined, org.token);
    const enJson = await api<typeof jaJson.body>(srv.url, 'GET', `/api/orgs/${org.id}/city/summary?lang=en`, undefined, org.token);
    expect(enJson.body.totals).toEqual(jaJson.body.totals);
    expect(enJson.body.matrix.counts).toEqual(jaJson.body.matrix.counts);
    expect(jaJson.body.matrix.categories.find((c) => c.id === 'ibasho')?.label).toBe('居場所・サロン');
    expect(enJson.body.matrix.categories.find((c) => c.id === 'ibasho')?.label).toBe('Drop-in place / salon');
    expect(enJson.body.matrix.columns.find((c) => c.id === 'pool')?.label).toBe('Issues raised');
    expect(enJson.body.participants).toEqual([{ kind: 'jumin', label: 'Resident', joined: 1, contributors: 0 }]);
  });
});

describe('city.geojson', () => {
  it('English …Label properties with ?lang=en; ids, texts and everything else the same; Japanese as before', async () => {
    type Fc = { type: string; name: string; lang?: string; features: { id: string; geometry: unknown; properties: Record<string, unknown> }[] };
    const base = `/api/orgs/${org.id}/city.geojson`;
    const jaText = await text(base);
    expect(await text(`${base}?lang=ja`)).toBe(jaText);
    const ja = JSON.parse(jaText) as Fc;
    // the Japanese file's members and properties as they were
    expect(Object.keys(ja)).toEqual(['type', 'name', 'features']);
    const jaSalon = ja.features.find((f) => f.properties.text === 'ふれあいサロン' && f.properties.unitName === '北小学校区')!;
    expect(Object.keys(jaSalon.properties)).toEqual([
      'id', 'text', 'category', 'categoryLabel', 'kind', 'kindLabel', 'column', 'columnLabel', 'votes', 'authorRole', 'authorRoleLabel', 'area', 'address', 'phone', 'hours',
      'sourceKey', 'stage', 'stageLabel', 'restricted', 'createdAt', 'updatedAt', 'workshopId', 'workshopTitle', 'district', 'unitId', 'unitName', 'unitLevel',
    ]);
    expect(jaSalon.properties).toMatchObject({ categoryLabel: '居場所・サロン', kindLabel: '地域資源', stageLabel: '把握' });

    const en = JSON.parse(await text(`${base}?lang=en`)) as Fc;
    expect(en.lang).toBe('en');
    expect(en.name).toBe(ja.name);
    expect(en.features.map((f) => [f.id, f.geometry])).toEqual(ja.features.map((f) => [f.id, f.geometry]));
    for (const [i, f] of en.features.entries()) {
      const jp = ja.features[i]!.properties;
      // only the labels differ, and one label is added
      const { unitLevelLabel, ...rest } = f.properties;
      expect(unitLevelLabel).toBe('Elementary school district');
      for (const [k, v] of Object.entries(rest)) if (!k.endsWith('Label')) expect(v, k).toEqual(jp[k]);
    }
    const salon = en.features.find((f) => f.id === jaSalon.id)!;
    expect(salon.properties).toMatchObject({ text: 'ふれあいサロン', category: 'ibasho', categoryLabel: 'Drop-in place / salon', kindLabel: 'Resource', stageLabel: 'Known', unitName: '北小学校区' });
  });
});

describe('city.pdf', () => {
  async function pdfText(query: string): Promise<string> {
    const res = await bytes(`/api/orgs/${org.id}/city.pdf?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-city-pdf-')), 'city.pdf');
    fs.writeFileSync(file, res.body);
    return execFileSync('pdftotext', ['-layout', file, '-']).toString();
  }

  it('Japanese by default, English with ?lang=en (the names of places and districts as written)', { timeout: 120_000 }, async () => {
    const ja = await pdfText('paper=A3');
    for (const w of ['地域資源マップ', '凡例', '現在', 'コーディネーター画面', '居場所・サロン', '2地区', '2 地区']) expect(ja, w).toContain(w);
    expect(ja).not.toMatch(/Legend|resource map|As of|Drop-in/);

    const en = await pdfText('paper=A3&lang=en');
    for (const w of ['川越市社会福祉協議会', 'community resource map', 'Legend', 'Coordinator screen (link needed)', 'Drop-in place / salon', "Children's cafeteria", '2 districts']) expect(en, w).toContain(w);
    expect(en).toMatch(/As of \d{1,2} [A-Z][a-z]+ \d{4}/);
    // the merged salon lists both districts by their own names
    expect(en).toMatch(/2 districts \(北小学校区, 南小学校区\)/);
    for (const w of ['ふれあいサロン', '子ども食堂ひまわり', '北小学校区']) expect(en, w).toContain(w);
    expect(en).not.toMatch(/凡例|地域資源マップ|現在|居場所・サロン|コーディネーター画面|地区（/);
  });
});
