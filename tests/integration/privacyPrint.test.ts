import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { addPin, itemsMap } from '@tsunagu/shared';
import { api, connectClient, createWorkshop, eventually, ROOT, startServer, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 17, 掲載の同意 on the printed map: the public print (the PDF rendered from the print page),
 * GeoJSON and CSV carry consented resources and public institutions only, and no note held back
 * for a sensitive word; staff's `include=restricted` exports carry them all. Needs the built
 * client and poppler-utils, like exportPrint.test.ts.
 */
let srv: TsunaguServer;
let w: CreatedWorkshop;
let staff: TestClient;

const PUBLIC_INSTITUTION = '中央公民館ロビー';
const CONSENTED = '体操クラブいきいき';
const PENDING = '自宅開放サロンひだまり';
const REFUSED = 'ボランティア山川グループ';
const HELD = 'ごみ屋敷の近くの空き地';

beforeAll(async () => {
  srv = await startServer({ staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png', tileAttribution: 'テスト用タイル' });
  w = await createWorkshop(srv.url, '本町 地域福祉マップ', '中央小学校区');
  staff = connectClient(srv.url, w.id, w.staffToken);
  await staff.synced;
  const ids = [
    addPin(staff.doc, { text: PUBLIC_INSTITUTION, category: 'ibasho', lat: 35.9301, lng: 139.4801 }),
    addPin(staff.doc, { text: CONSENTED, category: 'ibasho', lat: 35.9305, lng: 139.4805 }),
    addPin(staff.doc, { text: PENDING, category: 'ibasho', lat: 35.9309, lng: 139.4809 }),
    addPin(staff.doc, { text: REFUSED, category: 'ibasho', lat: 35.9313, lng: 139.4813 }),
    addPin(staff.doc, { text: HELD, category: 'ibasho', lat: 35.9317, lng: 139.4817 }),
  ];
  const items = itemsMap(staff.doc);
  items.get(ids[1]!)!.set('consent', 'yes');
  items.get(ids[2]!)!.set('consent', 'pending');
  items.get(ids[3]!)!.set('consent', 'no');
  items.get(ids[4]!)!.set('held', true);
  await eventually(
    () => {
      const room = srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted);
      return !!room && itemsMap(room.doc).get(ids[4]!)?.get('held') === true && itemsMap(room.doc).get(ids[3]!)?.get('consent') === 'no';
    },
    5000,
    'pins on the server',
  );
});
afterAll(async () => {
  staff?.destroy();
  await srv?.close();
});

describe('掲載の同意 on the public print and exports', () => {
  it('the printed map lists consented resources and public institutions only', { timeout: 90_000 }, async () => {
    const res = await fetch(`${srv.url}/api/workshops/${w.id}/print.pdf?paper=A4`, { headers: { authorization: `Bearer ${w.staffToken}` } });
    expect(res.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-consent-'));
    const file = path.join(dir, 'map.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
    expect(text).toContain(PUBLIC_INSTITUTION);
    expect(text).toContain(CONSENTED);
    expect(text).not.toContain(PENDING);
    expect(text).not.toContain(REFUSED);
    expect(text).not.toContain(HELD);
    // the on-screen list of what lacks consent never reaches the paper
    expect(text).not.toContain('掲載の同意がない');
  });

  it('public GeoJSON and CSV leave them out; include=restricted shows them to staff', async () => {
    for (const f of ['export.geojson', 'export.csv']) {
      const pub = JSON.stringify((await api(srv.url, 'GET', `/api/workshops/${w.id}/${f}`, undefined, w.staffToken)).body);
      expect(pub, f).toContain(CONSENTED);
      expect(pub, f).toContain(PUBLIC_INSTITUTION);
      for (const hidden of [PENDING, REFUSED, HELD]) expect(pub, f).not.toContain(hidden);
      const all = JSON.stringify((await api(srv.url, 'GET', `/api/workshops/${w.id}/${f}?include=restricted`, undefined, w.staffToken)).body);
      for (const shown of [CONSENTED, PUBLIC_INSTITUTION, PENDING, REFUSED, HELD]) expect(all, `${f}?include=restricted`).toContain(shown);
    }
  });
});
