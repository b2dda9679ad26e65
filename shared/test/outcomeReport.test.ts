import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  buildOutcomeCsv,
  buildOutcomeReport,
  continueWorkshop,
  createAction,
  initWorkshopDoc,
  offersMap,
  readActions,
  readOffers,
  readWorkshopData,
  setActionStatus,
  setResourceStage,
  updateItem,
  type OutcomeSessionInput,
} from '../src/index.js';

/**
 * A fixture series: three meetings of one district across two years (2025-06, 2025-11,
 * 2026-06), each continuing the one before, with actions whose status changes between and
 * during the meetings, a wish (あったらいいな) that became a resource, and a new resource.
 */
const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 3); // noon in Japan
const M1 = at(2025, 6, 14);
const M2 = at(2025, 11, 20);
const M3 = at(2026, 6, 10);
const joined = (jumin: number, minsei: number, gyosei = 0) => [
  ...Array.from({ length: jumin }, () => ({ kind: 'jumin' })),
  ...Array.from({ length: minsei }, () => ({ kind: 'minsei' })),
  ...Array.from({ length: gyosei }, () => ({ kind: 'gyosei' })),
];

function series(): { inputs: OutcomeSessionInput[]; ids: Record<string, string> } {
  const d1 = new Y.Doc();
  initWorkshopDoc(d1, { title: '中央地区 第1回', district: '中央小学校区' }, M1);
  const o = { now: M1 };
  const shopping = addItem(d1, { text: '買い物に行けない', category: 'ido', column: 'kyodo' }, o);
  const rubbish = addItem(d1, { text: 'ゴミ出しが大変', category: 'sumai', column: 'jumin' }, o);
  addItem(d1, { text: '見守りが足りない', category: 'mimamori', column: 'gyosei' }, o);
  addItem(d1, { text: 'ふれあいサロン', category: 'ibasho', lat: 35.92, lng: 139.48 }, o);
  addItem(d1, { text: '中央公民館', category: 'shisetsu', lat: 35.921, lng: 139.481 }, o);
  const wish = addItem(d1, { text: '移動販売', category: 'attara' }, o);
  const a = createAction(d1, { title: 'ゴミ出し当番表をつくる', side: 'jumin', owner: '〇〇町自治会', sources: [rubbish] }, o);
  setActionStatus(d1, a, 'junbi', '自治会の役員会で話し合うことになった', '司会', o);
  // between the meetings, staff record progress on the first meeting's board
  setActionStatus(d1, a, 'jisshi', '当番表の試行が始まった', 'CSW', { now: at(2025, 9, 1) });

  const d2 = new Y.Doc();
  initWorkshopDoc(d2, { title: 'x' }, M2);
  continueWorkshop(d1, d2, { fromWorkshopId: 'w1', title: '中央地区 第2回', now: M2 });
  d2.getMap('meta').set('createdAt', M2);
  addItem(d2, { text: 'バス停が遠い', category: 'ido' }, { now: M2 });
  const b = createAction(d2, { title: '移動販売の誘致', side: 'kyodo', owner: '地域包括', sources: [shopping, wish] }, { now: M2 });
  // the wish came true: a mobile shop now stops by
  updateItem(d2, wish, { category: 'idohanbai' }, { now: M2 });
  setResourceStage(d2, [wish], 'created');
  setActionStatus(d2, b, 'jisshi', '毎週火曜に移動販売車が来るようになった', 'CSW', { now: at(2026, 3, 1) });

  const d3 = new Y.Doc();
  initWorkshopDoc(d3, { title: 'x' }, M3);
  continueWorkshop(d2, d3, { fromWorkshopId: 'w2', title: '中央地区 第3回', now: M3 });
  d3.getMap('meta').set('createdAt', M3);
  const canteen = addItem(d3, { text: '子ども食堂 みんなの台所', category: 'kodomo-shokudo', lat: 35.922, lng: 139.482 }, { now: M3 });
  setResourceStage(d3, [canteen], 'created');
  setActionStatus(d3, a, 'kanryo', '全戸で当番が回り、困る人がいなくなった', '司会', { now: M3 + 3600_000 });

  const input = (id: string, d: Y.Doc, j: { kind: string }[]): OutcomeSessionInput => ({ workshopId: id, data: readWorkshopData(d), actions: readActions(d), joined: j, offers: readOffers(d) });
  // 「私にできること」 at the third meeting: one matches a need (移動・買い物), one matches none
  for (const [id, text, category] of [['o1', '買い物の送迎ができます', 'ido'], ['o2', '英語を教えられます', 'kosodate']] as const) {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id, text, category, createdAt: M3 })) m.set(k, v);
    offersMap(d3).set(id, m);
  }
  return {
    // out of order on purpose: the report orders by date
    inputs: [input('w3', d3, joined(6, 1, 1)), input('w1', d1, joined(5, 2)), input('w2', d2, joined(6, 2, 1))],
    ids: { a, b, wish, canteen },
  };
}

describe('成果把握 report over a series of meetings', () => {
  it('counts each meeting, compares it with the one before, and keeps the story of every change', () => {
    const { inputs, ids } = series();
    const r = buildOutcomeReport(inputs);
    expect(r.district).toBe('中央小学校区');
    expect(r.sessions.map((s) => [s.workshopId, s.session, s.title])).toEqual([
      ['w1', 1, '中央地区 第1回'],
      ['w2', 2, '中央地区 第2回'],
      ['w3', 3, '中央地区 第3回'],
    ]);
    const [s1, s2, s3] = r.sessions as [(typeof r.sessions)[number], (typeof r.sessions)[number], (typeof r.sessions)[number]];
    expect([s1.participants, s2.participants, s3.participants]).toEqual([7, 9, 8]);
    expect([s1.issues, s2.issues, s3.issues]).toEqual([3, 4, 4]);
    expect(s1.resources).toEqual({ known: 2, missing: 1, created: 0, createdSincePrevious: [] });
    expect(s2.resources).toEqual({ known: 2, missing: 0, created: 1, createdSincePrevious: ['移動販売'] });
    expect(s3.resources).toEqual({ known: 2, missing: 0, created: 2, createdSincePrevious: ['子ども食堂 みんなの台所'] });
    expect(s1.delta).toBeUndefined();
    expect(s2.delta).toEqual({ participants: 2, issues: 1, resources: 1, created: 1, done: 0 });
    expect(s3.delta).toEqual({ participants: -1, issues: 0, resources: 1, created: 1, done: 1 });
    expect(s3.actions.byStatus).toMatchObject({ kanryo: 1, jisshi: 1 });
    expect([s1.offers, s3.offers]).toEqual([
      { made: 0, matched: 0 },
      { made: 2, matched: 1 },
    ]);
    expect(s3.actions.bySide).toMatchObject({ jumin: 1, kyodo: 1 });
    // status changes belong to the meeting they followed, with their text
    expect(s1.changes.map((c) => [c.from, c.to, c.text])).toEqual([
      ['kento', 'junbi', '自治会の役員会で話し合うことになった'],
      ['junbi', 'jisshi', '当番表の試行が始まった'],
    ]);
    expect(s2.changes.map((c) => [c.actionId, c.to, c.text])).toEqual([[ids.b, 'jisshi', '毎週火曜に移動販売車が来るようになった']]);
    expect(s3.changes.map((c) => [c.actionId, c.to])).toEqual([[ids.a, 'kanryo']]);
    // by year
    expect(r.years).toEqual([
      { year: 2025, sessions: 2, participants: 16, issues: 7, created: 1, changes: 3, done: 0 },
      { year: 2026, sessions: 1, participants: 8, issues: 4, created: 1, changes: 1, done: 1 },
    ]);
    // the latest state of every action, with its whole story
    expect(r.actions.map((x) => [x.id, x.status, x.history.length])).toEqual([
      [ids.a, 'kanryo', 3],
      [ids.b, 'jisshi', 1],
    ]);
    // the participants by sector of each meeting
    expect(s2.summary.participants.map((p) => [p.label, p.joined])).toEqual([
      ['住民', 6],
      ['民生委員・児童委員', 2],
      ['行政', 1],
    ]);
  });

  it('writes a CSV Excel reads: sections, deltas with signs, the changes with their text', () => {
    const csv = buildOutcomeCsv(buildOutcomeReport(series().inputs));
    expect(csv).toContain('【回ごとの推移】');
    expect(csv).toContain('3,2026-06-10,中央地区 第3回,8,-1,4,0,2,0,2,子ども食堂 みんなの台所,2,1,+1,2,1');
    expect(csv).toContain('【どう変わったか】');
    expect(csv).toContain('2026-03-01,移動販売の誘致,検討中 → 実施中,毎週火曜に移動販売車が来るようになった,CSW');
    expect(csv).toContain('2026,1,8,4,1,1,1');
  });

  it('in English with lang "en": the same rows, English titles, headers, sides, states and roles (issue 18)', () => {
    const report = buildOutcomeReport(series().inputs);
    const ja = buildOutcomeCsv(report);
    expect(buildOutcomeCsv(report, 'ja')).toBe(ja);
    const en = buildOutcomeCsv(report, 'en');
    expect(en.split('\n').length).toBe(ja.split('\n').length);
    expect(en).toContain('[Meeting by meeting]');
    expect(en).toContain('3,2026-06-10,中央地区 第3回,8,-1,4,0,2,0,2,子ども食堂 みんなの台所,2,1,+1,2,1');
    expect(en).toContain('2026-03-01,移動販売の誘致,Under discussion → Under way,毎週火曜に移動販売車が来るようになった,CSW');
    expect(en).toContain('ゴミ出し当番表をつくる,Residents,〇〇町自治会,Done');
    expect(en).toContain('1,Resident,5');
    // nothing Japanese but the workshop's own words
    const own = /中央|移動販売|子ども食堂|ゴミ出し|〇〇町|毎週火曜|当番|自治会|地域包括|全戸|試行|ふれあい|買い物/;
    for (const line of en.split('\n')) if (/[\u3040-\u30ff\u4e00-\u9fff]/.test(line)) expect(line, line).toMatch(own);
  });
});
