import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import type { PinFeatureCollection } from '@tsunagu/shared';
import { connectClient, createWorkshop, ROOT, startServer, waitFor, type CreatedWorkshop } from '../helpers/server.js';

interface ImportAnswer {
  format: string;
  encoding: string;
  total: number;
  added: number;
  alreadyPresent: number;
  problems: { line: number; name: string; reason: string; message: { ja: string } }[];
}

let srv: TsunaguServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv?.close();
});

const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'tests/fixtures', name));

async function upload(ws: CreatedWorkshop, body: Buffer | string, query: string, token = ws.facilitatorToken) {
  const r = await fetch(`${srv.url}/api/workshops/${ws.id}/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: r.status, body: (await r.json()) as ImportAnswer & { error?: string } };
}

async function pins(ws: CreatedWorkshop): Promise<PinFeatureCollection> {
  const r = await fetch(`${srv.url}/api/workshops/${ws.id}/export.geojson`, { headers: { authorization: `Bearer ${ws.staffToken}` } });
  return (await r.json()) as PinFeatureCollection;
}

describe('open-data import', () => {
  it('imports the UTF-8 (BOM) care-provider sample with the picked category and details', async () => {
    const ws = await createWorkshop(srv.url);
    const r = await upload(ws, fixture('kaigo_jigyosho_utf8bom.csv'), 'category=iryo-kaigo');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'utf-8', problems: [] });
    expect(r.body.added).toBe(r.body.total);
    expect(r.body.added).toBeGreaterThan(5);
    const fc = await pins(ws);
    expect(fc.features).toHaveLength(r.body.added);
    const first = fc.features.find((f) => f.properties.text === 'デイサービスなかまち')!;
    expect(first.geometry.coordinates).toEqual([139.47742, 35.920872]);
    expect(first.properties).toMatchObject({ category: 'iryo-kaigo', address: '埼玉県川越市仲町1-3', phone: '049-278-2542', hours: '月火水木金 09:00〜17:00' });
  });

  it('imports the CP932 evacuation-site sample and reports the row lacking coordinates', async () => {
    const ws = await createWorkshop(srv.url);
    const live = connectClient(srv.url, ws.id, ws.viewerToken);
    await live.synced;
    const r = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'cp932', total: 6, added: 5 });
    expect(r.body.problems).toEqual([
      { line: 6, name: '元町集会所', reason: 'no-coordinates', message: { ja: '緯度・経度がありません', en: 'No latitude/longitude' } },
    ]);
    // connected clients see the imported pins live
    await waitFor(live.doc, () => live.doc.getMap('items').size === 5, 10_000, 'imported pins on a live client');
    live.destroy();
    const names = (await pins(ws)).features.map((f) => f.properties.text);
    expect(names).toContain('中央小学校');
    expect(names).not.toContain('元町集会所');
  });

  it('importing the same file twice does not duplicate', async () => {
    const ws = await createWorkshop(srv.url);
    const a = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo');
    const b = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo');
    expect(a.body.added).toBe(5);
    expect(b.body).toMatchObject({ added: 0, alreadyPresent: 5 });
    expect((await pins(ws)).features).toHaveLength(5);
  });

  it('handles header variants, full-width digits, stray spaces, quoted commas, LF, no BOM', async () => {
    const ws = await createWorkshop(srv.url);
    const csv = [
      'ＩＤ, 施設名 ,所在地,lat,lng,電話',
      '１,"サロン, ふれあい" , 埼玉県川越市仲町１－２ ,３５．９２１,１３９．４８,０４９－２２２－３３３３',
      '2,"子ども食堂 ""みんな""",川越市元町,35.922 ,139.481,',
      '3,座標なし,川越市,,,',
      '4,座標が変,川越市,abc,139.4,',
      ',,,,,',
    ].join('\n');
    const r = await upload(ws, csv, 'category=ibasho');
    expect(r.status).toBe(200);
    expect(r.body.added).toBe(2);
    expect(r.body.problems.map((p) => [p.line, p.reason])).toEqual([
      [4, 'no-coordinates'],
      [5, 'bad-coordinates'],
    ]);
    const fc = await pins(ws);
    const salon = fc.features.find((f) => f.properties.text === 'サロン, ふれあい')!;
    expect(salon.geometry.coordinates).toEqual([139.48, 35.921]);
    expect(salon.properties.phone).toBe('049-222-3333');
    expect(fc.features.map((f) => f.properties.text)).toContain('子ども食堂 "みんな"');
  });

  it('refuses a file without a name column, a restricted category, and a dry run writes nothing', async () => {
    const ws = await createWorkshop(srv.url);
    const bad = await upload(ws, 'a,b,c\n1,2,3\n', 'category=ibasho');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('名称');
    const restricted = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=shinpai');
    expect(restricted.status).toBe(400);
    const dry = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo&dryRun=1');
    expect(dry.body).toMatchObject({ added: 0, total: 6 });
    expect(dry.body.problems).toHaveLength(1);
    expect((await pins(ws)).features).toHaveLength(0);
    const staff = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo', ws.staffToken);
    expect(staff.body.added).toBe(5);
    const viewer = await upload(ws, fixture('hinanjo_cp932.csv'), 'category=hinanjo', ws.viewerToken);
    expect(viewer.status).toBe(403);
  });

  it('imports GeoJSON points and lists non-points', async () => {
    const ws = await createWorkshop(srv.url);
    const gj = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 名称: '集会所A', 住所: '川越市仲町' }, geometry: { type: 'Point', coordinates: [139.479, 35.925] } },
        { type: 'Feature', properties: { name: '区域' }, geometry: { type: 'Polygon', coordinates: [[[139, 35], [139.1, 35], [139.1, 35.1], [139, 35]]] } },
      ],
    });
    const r = await upload(ws, gj, 'category=shisetsu');
    expect(r.body).toMatchObject({ format: 'geojson', added: 1 });
    expect(r.body.problems).toMatchObject([{ line: 2, name: '区域', reason: 'not-a-point' }]);
  });
});
