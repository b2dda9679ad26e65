import { toCsv, type CsvCell } from './csv.js';
import type { Summary } from './summary.js';
import { stageLabelsFor, type ExportLang } from './exportLabels.js';

/** The summary CSV's own words (section titles, headers) in both languages. */
const W = {
  overview: { ja: '【概要】', en: '[Overview]' },
  workshop: { ja: 'ワークショップ', en: 'Workshop' },
  district: { ja: '小学校区', en: 'School district' },
  items: { ja: '件数', en: 'Items' },
  pins: { ja: 'ピン', en: 'Pins' },
  notes: { ja: '付箋', en: 'Notes' },
  votes: { ja: '投票数', en: 'Votes' },
  resources: { ja: '地域資源', en: 'Resources' },
  created: { ja: 'うち新しく生まれた資源（創出）', en: 'of which newly created' },
  gapsTotal: { ja: 'あったらいいな（不足）', en: 'Wishes (missing)' },
  matrix: { ja: '【カテゴリ×列】', en: '[Category × lane]' },
  category: { ja: 'カテゴリ', en: 'Category' },
  total: { ja: '合計', en: 'Total' },
  topVoted: { ja: '【投票の多い課題】', en: '[Most voted issues]' },
  rank: { ja: '順位', en: 'Rank' },
  text: { ja: '内容', en: 'Text' },
  lane: { ja: '列', en: 'Lane' },
  gaps: { ja: '【あったらいいな（不足している資源）】', en: '[Wishes (missing resources)]' },
  area: { ja: '地区', en: 'Area' },
  resourceList: { ja: '【地域資源】', en: '[Resources]' },
  name: { ja: '名称', en: 'Name' },
  stage: { ja: '段階', en: 'Stage' },
  address: { ja: '所在地', en: 'Address' },
  phone: { ja: '電話番号', en: 'Phone' },
  participants: { ja: '【参加者（立場別）】', en: '[Participants (by role)]' },
  role: { ja: '立場', en: 'Role' },
  joined: { ja: '参加者数', en: 'Joined' },
  contributors: { ja: '投稿した人数', en: 'Wrote something' },
  relations: { ja: '【関係（図式化）】', en: '[Relations (diagram)]' },
} as const;

/**
 * The summary as one CSV file of sections separated by an empty record, each section
 * starting with a title record (【…】) then its header, so it reads well in Excel.
 */
export function buildSummaryCsv(s: Summary, lang: ExportLang = 'ja'): string {
  const w = (k: keyof typeof W) => W[k][lang];
  const stageLabels = stageLabelsFor(lang);
  const rows: CsvCell[][] = [];
  rows.push([w('overview')], [w('workshop'), s.title], [w('district'), s.district]);
  rows.push([w('items'), s.totals.items], [w('pins'), s.totals.pins], [w('notes'), s.totals.notes], [w('votes'), s.totals.votes]);
  rows.push([w('resources'), s.totals.resources], [w('created'), s.totals.created], [w('gapsTotal'), s.totals.gaps]);
  rows.push([]);

  rows.push([w('matrix')]);
  rows.push([w('category'), ...s.matrix.columns.map((c) => c.label), w('total')]);
  for (const c of s.matrix.categories)
    rows.push([c.label, ...s.matrix.columns.map((col) => s.matrix.counts[c.id]?.[col.id] ?? 0), s.matrix.rowTotals[c.id] ?? 0]);
  rows.push([w('total'), ...s.matrix.columns.map((col) => s.matrix.columnTotals[col.id] ?? 0), s.matrix.total]);
  rows.push([]);

  rows.push([w('topVoted')], [w('rank'), w('text'), w('category'), w('lane'), w('votes')]);
  s.topVoted.forEach((r, i) => rows.push([i + 1, r.text, r.category, r.column, r.votes]));
  rows.push([]);

  rows.push([w('gaps')], [w('text'), w('lane'), w('votes'), w('area')]);
  for (const r of s.gaps) rows.push([r.text, r.column, r.votes, r.area]);
  rows.push([]);

  rows.push([w('resourceList')], [w('name'), w('category'), w('stage'), w('address'), w('phone'), w('area')]);
  for (const r of s.resources) rows.push([r.text, r.category, stageLabels[r.stage], r.address, r.phone, r.area]);
  rows.push([]);

  rows.push([w('participants')], [w('role'), w('joined'), w('contributors')]);
  for (const p of s.participants) rows.push([p.label, p.joined, p.contributors]);
  if (s.relations.length > 0) {
    rows.push([], [w('relations')]);
    for (const r of s.relations) rows.push([r]);
  }
  return toCsv(rows);
}
