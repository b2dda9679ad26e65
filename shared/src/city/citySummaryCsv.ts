import { toCsv, type CsvCell } from '../export/csv.js';
import type { ExportLang } from '../export/exportLabels.js';
import type { CitySummary } from './citySummary.js';

/**
 * The city summary CSV's own words (section titles, headers) in both languages. The Japanese
 * ones are the file as it always was; English (`?lang=en`) uses the workshop summary CSV's
 * English words where the column is the same.
 */
const W = {
  byDistrict: { ja: '地区別の件数', en: 'Counts by district' },
  district: { ja: '地区', en: 'District' },
  workshop: { ja: 'ワークショップ', en: 'Workshop' },
  items: { ja: '件数', en: 'Items' },
  pins: { ja: '地図のピン', en: 'Pins' },
  notes: { ja: '付箋', en: 'Notes' },
  votes: { ja: '投票', en: 'Votes' },
  resources: { ja: '地域資源', en: 'Resources' },
  gaps: { ja: 'あったらいいな', en: 'Wishes' },
  created: { ja: '創出', en: 'Created' },
  total: { ja: '合計', en: 'Total' },
  matrix: { ja: 'カテゴリ × 列（市全体）', en: 'Category × lane (whole city)' },
  category: { ja: 'カテゴリ', en: 'Category' },
  sum: { ja: '計', en: 'Total' },
  topVoted: { ja: '地区ごとの票の多い課題', en: 'Most voted issues by district' },
  rank: { ja: '順位', en: 'Rank' },
  issue: { ja: '課題', en: 'Issue' },
  lane: { ja: '列', en: 'Lane' },
  voteCount: { ja: '票', en: 'Votes' },
  gapsCity: { ja: 'あったらいいな（市全体）', en: 'Wishes (whole city)' },
  text: { ja: '内容', en: 'Text' },
  area: { ja: 'エリア', en: 'Area' },
  participants: { ja: '参加者（立場別）', en: 'Participants (by role)' },
  role: { ja: '立場', en: 'Role' },
  joined: { ja: '参加登録', en: 'Joined' },
  contributors: { ja: '書き込んだ人', en: 'Wrote something' },
} as const;

/**
 * The city summary (buildCitySummary) as one CSV for the 地域福祉計画 (issue 14): the districts
 * side by side with their totals, the category × lane matrix summed over the city, the
 * top-voted issues of each district, あったらいいな across the city, participants by sector.
 * Sections are separated by an empty line and start with a title row. `lang: 'en'` gives
 * English titles and headers (the labels in the summary are already in its language: build it
 * from summaries made with `lang: 'en'`).
 */
export function buildCitySummaryCsv(s: CitySummary, lang: ExportLang = 'ja'): string {
  const w = (k: keyof typeof W) => W[k][lang];
  const rows: CsvCell[][] = [];
  rows.push([w('byDistrict')]);
  rows.push([w('district'), w('workshop'), w('items'), w('pins'), w('notes'), w('votes'), w('resources'), w('gaps'), w('created')]);
  for (const d of s.districts) rows.push([d.unit, d.title, d.totals.items, d.totals.pins, d.totals.notes, d.totals.votes, d.totals.resources, d.totals.gaps, d.totals.created]);
  rows.push([w('total'), '', s.totals.items, s.totals.pins, s.totals.notes, s.totals.votes, s.totals.resources, s.totals.gaps, s.totals.created]);
  rows.push([]);
  rows.push([w('matrix')]);
  rows.push([w('category'), ...s.matrix.columns.map((c) => c.label), w('sum')]);
  for (const c of s.matrix.categories) {
    const row = s.matrix.counts[c.id] ?? {};
    const cells = s.matrix.columns.map((col) => row[col.id] ?? 0);
    rows.push([c.label, ...cells, cells.reduce((a, b) => a + b, 0)]);
  }
  rows.push([w('sum'), ...s.matrix.columns.map((col) => s.matrix.categories.reduce((n, c) => n + (s.matrix.counts[c.id]?.[col.id] ?? 0), 0)), s.matrix.total]);
  rows.push([]);
  rows.push([w('topVoted')]);
  rows.push([w('district'), w('rank'), w('issue'), w('category'), w('lane'), w('voteCount')]);
  for (const d of s.districts) d.topVoted.forEach((t, i) => rows.push([d.unit, i + 1, t.text, t.category, t.column, t.votes]));
  rows.push([]);
  rows.push([w('gapsCity')]);
  rows.push([w('district'), w('text'), w('category'), w('area')]);
  for (const g of s.gaps) rows.push([g.unit, g.text, g.category, g.area]);
  rows.push([]);
  rows.push([w('participants')]);
  rows.push([w('role'), w('joined'), w('contributors')]);
  for (const p of s.participants) rows.push([p.label, p.joined, p.contributors]);
  return toCsv(rows);
}
