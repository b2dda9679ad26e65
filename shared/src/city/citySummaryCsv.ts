import { toCsv, type CsvCell } from '../export/csv.js';
import type { CitySummary } from './citySummary.js';

/**
 * The city summary (buildCitySummary) as one CSV for the 地域福祉計画 (issue 14): the districts
 * side by side with their totals, the category × lane matrix summed over the city, the
 * top-voted issues of each district, あったらいいな across the city, participants by sector.
 * Sections are separated by an empty line and start with a title row.
 */
export function buildCitySummaryCsv(s: CitySummary): string {
  const rows: CsvCell[][] = [];
  rows.push(['地区別の件数']);
  rows.push(['地区', 'ワークショップ', '件数', '地図のピン', '付箋', '投票', '地域資源', 'あったらいいな', '創出']);
  for (const d of s.districts) rows.push([d.unit, d.title, d.totals.items, d.totals.pins, d.totals.notes, d.totals.votes, d.totals.resources, d.totals.gaps, d.totals.created]);
  rows.push(['合計', '', s.totals.items, s.totals.pins, s.totals.notes, s.totals.votes, s.totals.resources, s.totals.gaps, s.totals.created]);
  rows.push([]);
  rows.push(['カテゴリ × 列（市全体）']);
  rows.push(['カテゴリ', ...s.matrix.columns.map((c) => c.label), '計']);
  for (const c of s.matrix.categories) {
    const row = s.matrix.counts[c.id] ?? {};
    const cells = s.matrix.columns.map((col) => row[col.id] ?? 0);
    rows.push([c.label, ...cells, cells.reduce((a, b) => a + b, 0)]);
  }
  rows.push(['計', ...s.matrix.columns.map((col) => s.matrix.categories.reduce((n, c) => n + (s.matrix.counts[c.id]?.[col.id] ?? 0), 0)), s.matrix.total]);
  rows.push([]);
  rows.push(['地区ごとの票の多い課題']);
  rows.push(['地区', '順位', '課題', 'カテゴリ', '列', '票']);
  for (const d of s.districts) d.topVoted.forEach((t, i) => rows.push([d.unit, i + 1, t.text, t.category, t.column, t.votes]));
  rows.push([]);
  rows.push(['あったらいいな（市全体）']);
  rows.push(['地区', '内容', 'カテゴリ', 'エリア']);
  for (const g of s.gaps) rows.push([g.unit, g.text, g.category, g.area]);
  rows.push([]);
  rows.push(['参加者（立場別）']);
  rows.push(['立場', '参加登録', '書き込んだ人']);
  for (const p of s.participants) rows.push([p.label, p.joined, p.contributors]);
  return toCsv(rows);
}
