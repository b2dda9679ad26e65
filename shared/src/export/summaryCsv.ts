import { toCsv, type CsvCell } from './csv.js';
import type { Summary } from './summary.js';
import { STAGE_LABELS_JA } from './workshopData.js';

/**
 * The summary as one CSV file of sections separated by an empty record, each section
 * starting with a title record (【…】) then its header, so it reads well in Excel.
 */
export function buildSummaryCsv(s: Summary): string {
  const rows: CsvCell[][] = [];
  rows.push(['【概要】'], ['ワークショップ', s.title], ['小学校区', s.district]);
  rows.push(['件数', s.totals.items], ['ピン', s.totals.pins], ['付箋', s.totals.notes], ['投票数', s.totals.votes]);
  rows.push(['地域資源', s.totals.resources], ['うち新しく生まれた資源（創出）', s.totals.created], ['あったらいいな（不足）', s.totals.gaps]);
  rows.push([]);

  rows.push(['【カテゴリ×列】']);
  rows.push(['カテゴリ', ...s.matrix.columns.map((c) => c.label), '合計']);
  for (const c of s.matrix.categories)
    rows.push([c.label, ...s.matrix.columns.map((col) => s.matrix.counts[c.id]?.[col.id] ?? 0), s.matrix.rowTotals[c.id] ?? 0]);
  rows.push(['合計', ...s.matrix.columns.map((col) => s.matrix.columnTotals[col.id] ?? 0), s.matrix.total]);
  rows.push([]);

  rows.push(['【投票の多い課題】'], ['順位', '内容', 'カテゴリ', '列', '投票数']);
  s.topVoted.forEach((r, i) => rows.push([i + 1, r.text, r.category, r.column, r.votes]));
  rows.push([]);

  rows.push(['【あったらいいな（不足している資源）】'], ['内容', '列', '投票数', '地区']);
  for (const r of s.gaps) rows.push([r.text, r.column, r.votes, r.area]);
  rows.push([]);

  rows.push(['【地域資源】'], ['名称', 'カテゴリ', '段階', '所在地', '電話番号', '地区']);
  for (const r of s.resources) rows.push([r.text, r.category, STAGE_LABELS_JA[r.stage], r.address, r.phone, r.area]);
  rows.push([]);

  rows.push(['【参加者（立場別）】'], ['立場', '参加者数', '投稿した人数']);
  for (const p of s.participants) rows.push([p.label, p.joined, p.contributors]);
  if (s.relations.length > 0) {
    rows.push([], ['【関係（図式化）】']);
    for (const r of s.relations) rows.push([r]);
  }
  return toCsv(rows);
}
