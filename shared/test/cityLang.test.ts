import { describe, expect, it } from 'vitest';
import { buildCitySummaryCsv, CITY_CSV_LEAD, CSV_HEADERS_EN, unitLevelLabel, type CitySummary } from '../src/index.js';

/** The city summary CSV (issue 14) in English with `lang: 'en'`, and in Japanese exactly as before. */
const SUMMARY: CitySummary = {
  districts: [
    { workshopId: 'w1', unit: '仲町自治会', title: '仲町 WS', totals: { items: 5, pins: 3, notes: 2, votes: 4, resources: 2, gaps: 1, created: 1 }, topVoted: [{ id: 'i1', text: '坂道が多い', category: '高齢者の困りごと', column: '出てきた課題', votes: 3, area: '', address: '', phone: '', stage: '' }] },
    { workshopId: 'w2', unit: '元町自治会', title: '元町 WS', totals: { items: 2, pins: 1, notes: 1, votes: 0, resources: 1, gaps: 0, created: 0 }, topVoted: [] },
  ],
  totals: { items: 7, pins: 4, notes: 3, votes: 4, resources: 3, gaps: 1, created: 1 },
  matrix: { categories: [{ id: 'koreisha', label: '高齢者の困りごと', kind: 'need' }, { id: 'ibasho', label: '居場所・サロン', kind: 'resource' }], columns: [{ id: 'pool', label: '出てきた課題' }, { id: 'kyodo', label: '一緒にやること' }], counts: { koreisha: { pool: 2, kyodo: 1 }, ibasho: { pool: 1 } }, total: 4 },
  gaps: [{ id: 'g1', text: '夜の居場所', category: 'あったらいいな', column: '出てきた課題', votes: 1, area: '北エリア', address: '', phone: '', stage: 'missing', unit: '仲町自治会' }],
  participants: [{ kind: 'resident', label: '住民', joined: 3, contributors: 2 }],
};

/** buildCitySummaryCsv(SUMMARY) as the code before `lang` existed wrote it, byte for byte. */
const JAPANESE_BEFORE = "地区別の件数\r\n地区,ワークショップ,件数,地図のピン,付箋,投票,地域資源,あったらいいな,創出\r\n仲町自治会,仲町 WS,5,3,2,4,2,1,1\r\n元町自治会,元町 WS,2,1,1,0,1,0,0\r\n合計,,7,4,3,4,3,1,1\r\n\r\nカテゴリ × 列（市全体）\r\nカテゴリ,出てきた課題,一緒にやること,計\r\n高齢者の困りごと,2,1,3\r\n居場所・サロン,1,0,1\r\n計,3,1,4\r\n\r\n地区ごとの票の多い課題\r\n地区,順位,課題,カテゴリ,列,票\r\n仲町自治会,1,坂道が多い,高齢者の困りごと,出てきた課題,3\r\n\r\nあったらいいな（市全体）\r\n地区,内容,カテゴリ,エリア\r\n仲町自治会,夜の居場所,あったらいいな,北エリア\r\n\r\n参加者（立場別）\r\n立場,参加登録,書き込んだ人\r\n住民,3,2\r\n";

describe('city summary CSV language', () => {
  it('Japanese by default: the same bytes as before', () => {
    expect(buildCitySummaryCsv(SUMMARY)).toBe(JAPANESE_BEFORE);
    expect(buildCitySummaryCsv(SUMMARY, 'ja')).toBe(JAPANESE_BEFORE);
  });

  it('English: titles and headers in English, the districts’ words as written, the same numbers', () => {
    const en = buildCitySummaryCsv(SUMMARY, 'en');
    const lines = en.split('\r\n');
    expect(lines[0]).toBe('Counts by district');
    expect(lines[1]).toBe('District,Workshop,Items,Pins,Notes,Votes,Resources,Wishes,Created');
    expect(lines).toContain('Total,,7,4,3,4,3,1,1');
    expect(lines).toContain('District,Rank,Issue,Category,Lane,Votes');
    expect(lines).toContain('仲町自治会,1,坂道が多い,高齢者の困りごと,出てきた課題,3');
    expect(lines).toContain('Role,Joined,Wrote something');
    // every line but the data is English; the numbers are the Japanese file's
    const ja = JAPANESE_BEFORE.split('\r\n');
    expect(lines.length).toBe(ja.length);
    for (const title of ['地区別の件数', 'カテゴリ × 列（市全体）', '地区ごとの票の多い課題', 'あったらいいな（市全体）', '参加者（立場別）', '参加登録', '合計', '計,']) expect(en).not.toContain(title);
  });

  it('city.csv lead columns and unit level labels', () => {
    expect([...CITY_CSV_LEAD.ja]).toEqual(['区分', '区分の種類', 'ワークショップ']);
    // no header twice in the English file (the workshop CSV's own 'Area' is the area inside a workshop)
    const en = [...CITY_CSV_LEAD.en, ...CSV_HEADERS_EN];
    expect(new Set(en).size).toBe(en.length);
    expect(unitLevelLabel('school')).toBe('小学校区');
    expect(unitLevelLabel('school', 'en')).toBe('Elementary school district');
    expect(unitLevelLabel('prefecture', 'en')).toBe('');
    expect(unitLevelLabel(undefined)).toBe('');
  });
});
