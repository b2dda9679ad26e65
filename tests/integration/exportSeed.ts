import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { addItem, addPin, areasFromGeoJson, importAreas, getItemMap, LOCAL } from '@tsunagu/shared';
import { connectClient, createWorkshop, ROOT, waitFor, type CreatedWorkshop } from '../helpers/server.js';

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

function vote(doc: Y.Doc, id: string, voter: string, n: number): void {
  // Votes have no command yet on this branch: one transaction with the local origin.
  doc.transact(() => (getItemMap(doc, id)!.get('votes') as Y.Map<number>).set(voter, n), LOCAL);
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
  vote(pub.doc, note, 'v1', 2);
  vote(pub.doc, note, 'v2', 1);
  vote(pub.doc, gap, 'v1', 1);
  const secret = addPin(res.doc, { text: SECRET_TEXT, category: 'shinpai', lat: 35.927, lng: 139.479, authorName: 'CSW', authorRole: 'csw' }, { areasDoc: pub.doc });
  // Wait until the server has everything: a second staff client sees all four public items.
  const check = connectClient(base, ws.id, ws.staffToken);
  const checkRes = connectClient(base, ws.id, ws.staffToken, { restricted: true });
  await waitFor(check.doc, () => check.doc.getMap('items').size === 4 && check.doc.getMap('areas').size === 4, 10_000, 'public items on the server');
  await waitFor(checkRes.doc, () => checkRes.doc.getMap('items').size === 1, 10_000, 'restricted item on the server');
  // and the votes
  await waitFor(check.doc, () => ((check.doc.getMap('items').get(note) as Y.Map<unknown>).get('votes') as Y.Map<number>).size === 2);
  for (const c of [pub, res, check, checkRes]) c.destroy();
  return { ws, ids: { salon, shokudo, gap, note, secret } };
}
