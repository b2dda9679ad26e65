import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { addItem, addPin, areasFromGeoJson, importAreas, LOCAL } from '@tsunagu/shared';
import { api, connectClient, createWorkshop, joinWorkshop, ROOT, waitFor, type CreatedWorkshop } from '../helpers/server.js';

/**
 * A small but realistic workshop for the export tests: the sample district outlines, public
 * pins and notes with votes (text with commas, quotes and a line break), and one household of
 * concern in the restricted document. Written by real y-websocket clients.
 */
export const SECRET_TEXT = '心配な世帯：一人暮らし高齢者（仲町1丁目）';

export interface Seeded {
  ws: CreatedWorkshop;
  ids: { salon: string; shokudo: string; gap: string; note: string; secret: string };
}

/** Dots go through the server (POST /api/workshops/:id/votes) and reach the public document at the reveal. */
async function castVotes(base: string, ws: CreatedWorkshop, ballots: [voter: string, itemId: string, dots: number][]): Promise<void> {
  const post = async (path: string, body: unknown, token: string) => {
    const r = await api(base, 'POST', `/api/workshops/${ws.id}/votes${path}`, body, token);
    if (r.status !== 200) throw new Error(`vote ${path} failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await post('/start', { budget: 5 }, ws.facilitatorToken);
  const tokens = new Map<string, string>();
  for (const [voter, itemId, dots] of ballots) {
    if (!tokens.has(voter)) tokens.set(voter, await joinWorkshop(base, ws.joinCode, voter, 'jumin'));
    for (let i = 0; i < dots; i++) await post('', { itemId, delta: 1 }, tokens.get(voter)!);
  }
  await post('/end', {}, ws.facilitatorToken);
  await post('/reveal', { revealed: true }, ws.facilitatorToken);
}

export async function seedWorkshop(base: string): Promise<Seeded> {
  const ws = await createWorkshop(base, '中央小学校区 地域福祉マップ', '中央小学校区');
  const pub = connectClient(base, ws.id, ws.staffToken);
  const res = connectClient(base, ws.id, ws.staffToken, { restricted: true });
  await Promise.all([pub.synced, res.synced]);
  const geo = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/chuo_school_district.geojson'), 'utf8')) as unknown;
  importAreas(pub.doc, areasFromGeoJson(geo).areas);
  const salon = addPin(pub.doc, {
    text: 'ふれあいサロン「ひだまり」, 毎週水曜',
    category: 'ibasho',
    lat: 35.9265,
    lng: 139.478,
    address: '埼玉県川越市仲町2-5',
    phone: '049-222-0001',
    authorName: 'さくら',
    authorRole: 'jumin',
  });
  const shokudo = addPin(pub.doc, { text: '子ども食堂 "にこにこ"', category: 'kodomo-shokudo', lat: 35.92, lng: 139.49, authorName: '田中', authorRole: 'csw' });
  const gap = addPin(pub.doc, { text: '坂の上に\n休めるベンチがほしい', category: 'attara', lat: 35.93, lng: 139.485, column: 'kyodo', authorName: 'ゆき', authorRole: 'minsei' });
  const note = addItem(pub.doc, { text: 'ゴミ出しが難しい高齢者が多い', category: 'sumai', column: 'gyosei', authorName: 'さくら', authorRole: 'jumin' });
  const secret = addPin(res.doc, { text: SECRET_TEXT, category: 'shinpai', lat: 35.927, lng: 139.479, authorName: 'CSW', authorRole: 'csw' }, { areasDoc: pub.doc });
  // Wait until the server has everything: a second staff client sees all four public items.
  const check = connectClient(base, ws.id, ws.staffToken);
  const checkRes = connectClient(base, ws.id, ws.staffToken, { restricted: true });
  await waitFor(check.doc, () => check.doc.getMap('items').size === 4 && check.doc.getMap('areas').size === 4, 10_000, 'public items on the server');
  await waitFor(checkRes.doc, () => checkRes.doc.getMap('items').size === 1, 10_000, 'restricted item on the server');
  await castVotes(base, ws, [
    ['v1', note, 2],
    ['v2', note, 1],
    ['v1', gap, 1],
  ]);
  // and the votes
  await waitFor(check.doc, () => ((check.doc.getMap('items').get(note) as Y.Map<unknown>).get('votes') as Y.Map<number>).size === 2);
  for (const c of [pub, res, check, checkRes]) c.destroy();
  return { ws, ids: { salon, shokudo, gap, note, secret } };
}

/** Name of resource pin `i` of `seedManyResources`: 「ケアセンター 123」, every 9th one long. */
export function manyResourceName(i: number): string {
  return i % 9 === 0 ? `社会福祉法人つなぐ福祉会 看護小規模多機能型居宅介護・認知症対応型通所介護 ケアセンター ${i} 併設デイサービスセンター` : `ケアセンター ${i}`;
}

/**
 * A workshop holding `n` resource pins (a municipality's imported 介護サービス事業所 list):
 * names from `manyResourceName`, every one with an address, phone and hours, some addresses
 * long; spread over a grid around the sample district. Written by a real y-websocket client.
 */
export async function seedManyResources(base: string, n: number, title = `北小学校区 介護サービス事業所マップ（${n}件）`): Promise<CreatedWorkshop> {
  const ws = await createWorkshop(base, title, '北小学校区');
  const pub = connectClient(base, ws.id, ws.staffToken);
  await pub.synced;
  const side = Math.ceil(Math.sqrt(n));
  pub.doc.transact(() => {
    for (let i = 1; i <= n; i++) {
      const row = Math.floor((i - 1) / side);
      const col = (i - 1) % side;
      addPin(pub.doc, {
        text: manyResourceName(i),
        category: 'iryo-kaigo',
        lat: 35.915 + (row * 0.02) / side,
        lng: 139.475 + (col * 0.025) / side,
        address:
          i % 7 === 0
            ? `埼玉県川越市大字笠幡字北ノ谷戸${i}番地の3 つなぐ福祉複合センター2階（旧川越市立北部地域包括支援センター跡）`
            : `埼玉県川越市仲町${(i % 5) + 1}-${i}`,
        phone: `049-222-${String(i).padStart(4, '0')}`,
        hours: i % 3 === 0 ? '月〜金 9:00〜17:00（祝日休み）' : '月〜土 8:30〜18:00',
        authorName: '社協',
        authorRole: 'csw',
      });
    }
  }, LOCAL);
  const check = connectClient(base, ws.id, ws.staffToken);
  await waitFor(check.doc, () => check.doc.getMap('items').size === n, 20_000, `${n} pins on the server`);
  for (const c of [pub, check]) c.destroy();
  return ws;
}
