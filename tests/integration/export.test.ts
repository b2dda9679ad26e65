import { check as checkGeoJson } from '@placemarkio/check-geojson';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { CSV_HEADERS, type PinFeatureCollection } from '@tsunagu/shared';
import { api, connectClient, createWorkshop, joinWorkshop, startServer, waitFor } from '../helpers/server.js';
import { SECRET_TEXT, seedWorkshop, type Seeded } from './exportSeed.js';

let srv: TsunaguServer;
let seeded: Seeded;

beforeAll(async () => {
  srv = await startServer();
  seeded = await seedWorkshop(srv.url);
});
afterAll(async () => {
  await srv?.close();
});

async function get(path: string, token?: string): Promise<Response> {
  return fetch(srv.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
const exp = (ext: string, q = '') => `/api/workshops/${seeded.ws.id}/${ext}${q}`;

describe('GeoJSON export', () => {
  it('is a valid RFC 7946 FeatureCollection, longitude first, with the documented properties', async () => {
    const res = await get(exp('export.geojson'), seeded.ws.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const text = await res.text();
    expect(() => checkGeoJson(text)).not.toThrow();
    const fc = JSON.parse(text) as PinFeatureCollection;
    expect(fc.features).toHaveLength(3); // three public pins; the note has no position
    const salon = fc.features.find((f) => f.id === seeded.ids.salon)!;
    expect(salon.geometry.coordinates).toEqual([139.478, 35.9265]);
    expect(salon.properties).toMatchObject({
      text: 'ふれあいサロン「ひだまり」, 毎週水曜',
      category: 'ibasho',
      categoryLabel: '居場所・サロン',
      kind: 'resource',
      column: 'pool',
      columnLabel: '出てきた課題',
      votes: 0,
      authorRole: 'jumin',
      area: '仲町自治会',
      address: '埼玉県川越市仲町2-5',
      phone: '049-222-0001',
    });
    expect(Date.parse(salon.properties.createdAt)).toBeGreaterThan(0);
    const gap = fc.features.find((f) => f.id === seeded.ids.gap)!;
    expect(gap.properties).toMatchObject({ kind: 'gap', column: 'kyodo', columnLabel: '一緒にやること', votes: 1 });
  });

  it('applies the kind, category and column filters', async () => {
    const byKind = (await (await get(exp('export.geojson', '?kind=resource'), seeded.ws.staffToken)).json()) as PinFeatureCollection;
    expect(byKind.features.map((f) => f.properties.category).sort()).toEqual(['ibasho', 'kodomo-shokudo']);
    const byCol = (await (await get(exp('export.geojson', '?column=kyodo'), seeded.ws.staffToken)).json()) as PinFeatureCollection;
    expect(byCol.features.map((f) => f.id)).toEqual([seeded.ids.gap]);
    const byCat = (await (await get(exp('export.geojson', '?category=kodomo-shokudo'), seeded.ws.staffToken)).json()) as PinFeatureCollection;
    expect(byCat.features.map((f) => f.id)).toEqual([seeded.ids.shokudo]);
  });

  it('applies the area filter', async () => {
    const areas = (await (await get(exp('export.json'), seeded.ws.staffToken)).json()) as { areas: { id: string; name: string }[] };
    const nakacho = areas.areas.find((a) => a.name === '仲町自治会')!;
    const fc = (await (await get(exp('export.geojson', `?area=${nakacho.id}`), seeded.ws.staffToken)).json()) as PinFeatureCollection;
    expect(fc.features.map((f) => f.id)).toEqual([seeded.ids.salon]);
  });

  it('round-trips through import into a new workshop', async () => {
    const text = await (await get(exp('export.geojson'), seeded.ws.facilitatorToken)).text();
    const target = await createWorkshop(srv.url, '取り込み先');
    const r = await fetch(`${srv.url}/api/workshops/${target.id}/import?category=shisetsu&keepCategories=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.facilitatorToken}`, 'content-type': 'application/geo+json' },
      body: text,
    });
    const body = (await r.json()) as { added: number; problems: unknown[]; format: string };
    expect(r.status).toBe(200);
    expect(body).toMatchObject({ format: 'geojson', added: 3, problems: [] });
    const back = (await (await get(`/api/workshops/${target.id}/export.geojson`, target.facilitatorToken)).json()) as PinFeatureCollection;
    const key = (fc: PinFeatureCollection) =>
      fc.features.map((f) => [f.properties.text, f.properties.category, f.geometry.coordinates, f.properties.address, f.properties.phone]).sort();
    expect(key(back)).toEqual(key(JSON.parse(text) as PinFeatureCollection));
  });
});

describe('CSV export', () => {
  it('starts with a BOM, uses CRLF, and parses back with csv-parse to the same values', async () => {
    const res = await get(exp('export.csv'), seeded.ws.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(CSV_HEADERS.join(','));
    const rows = parseCsv(buf, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    const salon = rows.find((r) => r.ID === seeded.ids.salon)!;
    expect(salon).toMatchObject({
      名称: 'ふれあいサロン「ひだまり」, 毎週水曜',
      所在地_連結表記: '埼玉県川越市仲町2-5',
      緯度: '35.9265',
      経度: '139.478',
      電話番号: '049-222-0001',
      カテゴリ: '居場所・サロン',
      種別: '地域資源',
      列: '出てきた課題',
      投票数: '0',
      地区: '仲町自治会',
    });
    expect(rows.find((r) => r.ID === seeded.ids.gap)!.名称).toBe('坂の上に\n休めるベンチがほしい');
    expect(rows.find((r) => r.ID === seeded.ids.shokudo)!.名称).toBe('子ども食堂 "にこにこ"');
    expect(rows.find((r) => r.ID === seeded.ids.note)).toMatchObject({ 投票数: '3', 列: '行政がやるべきこと', 緯度: '' });
  });

  it('CP932 on request decodes with iconv to the same text', async () => {
    const utf8 = Buffer.from(await (await get(exp('export.csv'), seeded.ws.facilitatorToken)).arrayBuffer());
    const res = await get(exp('export.csv', '?charset=cp932'), seeded.ws.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf[0]).not.toBe(0xef); // no BOM in CP932
    expect(iconv.decode(buf, 'cp932')).toBe(utf8.subarray(3).toString('utf8'));
  });

  it('CP932 replaces what it cannot hold (髙, 𠮷, an emoji) by 〓 and lists it, instead of failing', async () => {
    const ws = await createWorkshop(srv.url, '髙橋さんの𠮷野家マップ');
    const c = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await c.synced;
    const { addItem } = await import('@tsunagu/shared');
    addItem(c.doc, { text: '髙橋商店の前 😀 ベンチあり', category: 'ibasho' });
    const probe = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await waitFor(probe.doc, () => probe.doc.getMap('items').size === 1);
    c.destroy();
    probe.destroy();
    const res = await get(`/api/workshops/${ws.id}/export.csv?charset=cp932`, ws.facilitatorToken);
    expect(res.status).toBe(200);
    const listed = (res.headers.get('x-replaced-characters') ?? '').split(' ').map(decodeURIComponent);
    expect(listed).toEqual(expect.arrayContaining(['髙', '😀']));
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'cp932');
    expect(text).toContain('〓橋商店の前 〓 ベンチあり');
    expect(text).not.toContain('?');
    // the UTF-8 export keeps every character
    const utf8 = await get(`/api/workshops/${ws.id}/export.csv`, ws.facilitatorToken);
    expect(utf8.headers.get('x-replaced-characters')).toBeNull();
    expect(await utf8.text()).toContain('髙橋商店の前 😀 ベンチあり');
    const summary = await get(`/api/workshops/${ws.id}/summary.csv?charset=cp932`, ws.facilitatorToken);
    expect(summary.status).toBe(200);
    const inTitle = (summary.headers.get('x-replaced-characters') ?? '').split(' ').map(decodeURIComponent);
    expect(inTitle).toEqual(expect.arrayContaining(['髙', '𠮷']));
  });
});

describe('access and privacy', () => {
  const formats = ['export.geojson', 'export.csv', 'export.json', 'summary.json', 'summary.csv'];

  it('a participant token gets 403 on every export, a viewer too, no token 401', async () => {
    const participant = await joinWorkshop(srv.url, seeded.ws.joinCode, 'さくら', 'jumin');
    for (const f of formats) {
      expect((await get(exp(f), participant)).status, f).toBe(403);
      expect((await get(exp(f, '?include=restricted'), participant)).status, f).toBe(403);
      expect((await get(exp(f), seeded.ws.viewerToken)).status, f).toBe(403);
      expect((await get(exp(f))).status, f).toBe(401);
    }
    expect((await get(exp('export.csv', `?token=${participant}`))).status).toBe(403);
    const imp = await api(srv.url, 'POST', `/api/workshops/${seeded.ws.id}/import?category=ibasho`, 'NO,名称\n1,x', participant);
    expect(imp.status).toBe(403);
  });

  it('restricted items are absent from every export without the flag', async () => {
    for (const token of [seeded.ws.facilitatorToken, seeded.ws.staffToken]) {
      for (const f of formats) {
        const res = await get(exp(f), token);
        expect(res.status, f).toBe(200);
        const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'utf8');
        expect(text, f).not.toContain(SECRET_TEXT);
        expect(text, f).not.toContain(seeded.ids.secret);
        expect(text, f).not.toContain('心配な世帯：');
      }
    }
  });

  it('with ?include=restricted a staff export holds them and the export is logged (who, when, what)', async () => {
    const before = (await srv.store.listAccess(seeded.ws.id)).length;
    const t0 = Date.now();
    for (const f of formats) {
      const res = await get(exp(f, '?include=restricted'), seeded.ws.staffToken);
      expect(res.status, f).toBe(200);
      expect(await res.text(), f).toContain(SECRET_TEXT.slice(0, 5));
    }
    const log = (await srv.store.listAccess(seeded.ws.id)).slice(before);
    expect(log).toHaveLength(formats.length);
    expect(log[0]).toMatchObject({ role: 'staff', action: 'export-restricted:geojson' });
    expect(log[0]!.at).toBeGreaterThanOrEqual(t0);
    expect(log.map((l) => l.detail).join(' ')).not.toContain('token');
    // plain exports are not logged as restricted
    await get(exp('export.csv'), seeded.ws.staffToken);
    expect((await srv.store.listAccess(seeded.ws.id)).length).toBe(before + formats.length);
  });
});

describe('summary', () => {
  it('counts by category × column, top-voted, gaps, resources, participants by role', async () => {
    // two 自治会 members join by code and write nothing: they count as joined, not as contributors
    for (const name of ['みどり', 'たけし']) await joinWorkshop(srv.url, seeded.ws.joinCode, name, 'jichikai');
    const s = (await (await get(exp('summary.json'), seeded.ws.facilitatorToken)).json()) as {
      matrix: { counts: Record<string, Record<string, number>>; total: number };
      topVoted: { text: string; votes: number }[];
      gaps: { text: string }[];
      resources: { text: string }[];
      participants: { kind: string; label: string; joined: number; contributors: number }[];
    };
    expect(s.matrix.total).toBe(4);
    expect(s.matrix.counts.sumai!.gyosei).toBe(1);
    expect(s.matrix.counts.attara!.kyodo).toBe(1);
    expect(s.matrix.counts.shinpai).toBeUndefined();
    expect(s.topVoted[0]).toMatchObject({ text: 'ゴミ出しが難しい高齢者が多い', votes: 3 });
    expect(s.gaps.map((g) => g.text)).toEqual(['坂の上に\n休めるベンチがほしい']);
    expect(s.resources).toHaveLength(2);
    expect(s.participants.find((p) => p.kind === 'jumin')!.contributors).toBe(1);
    const jichikai = s.participants.find((p) => p.kind === 'jichikai')!;
    expect(jichikai).toMatchObject({ joined: 2, contributors: 0 });
    const csv = Buffer.from(await (await get(exp('summary.csv'), seeded.ws.facilitatorToken)).arrayBuffer());
    const rows = parseCsv(csv, { bom: true, relax_column_count: true }) as string[][];
    expect(rows.find((r) => r[0] === jichikai.label)).toEqual([jichikai.label, '2', '0']);
    expect(rows.some((r) => r[0] === '【カテゴリ×列】')).toBe(true);
    expect(rows.find((r) => r[0] === '住まい・ごみ')).toEqual(['住まい・ごみ', '0', '1', '0', '0', '1']);
  });
});
