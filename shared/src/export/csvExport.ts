import { participantKindLabel } from '../roles.js';
import { totalVotes } from '../model/item.js';
import { toCsv, type CsvCell } from './csv.js';
import { selectItems, type ExportFilter } from './exportFilter.js';
import { areaNameOf, STAGE_LABELS_JA, stageOf, type WorkshopData } from './workshopData.js';

/**
 * Column headers in the style of the 自治体標準オープンデータセット (ID, 名称, 所在地_連結表記,
 * 緯度, 経度, 電話番号, 備考) followed by the workshop's own columns.
 */
export const CSV_HEADERS = [
  'ID',
  '名称',
  '所在地_連結表記',
  '緯度',
  '経度',
  '電話番号',
  '利用可能時間',
  '備考',
  'カテゴリ',
  '種別',
  '段階',
  '列',
  '投票数',
  '地区',
  '投稿者の立場',
  '作成日時',
  '更新日時',
] as const;

export const KIND_LABELS_JA: Record<string, string> = { need: '課題', resource: '地域資源', gap: 'あったらいいな', place: '場所' };


/** ISO 8601 in Japan time (+09:00), the way a Japanese coordinator reads a timestamp. */
export function isoJst(ms: number): string {
  const d = new Date(ms + 9 * 3600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+09:00');
}

/** The CSV rows (header first) of every selected item: pins and board notes alike. */
export function buildCsvRows(data: WorkshopData, filter: ExportFilter = {}): CsvCell[][] {
  const colLabel = new Map(data.columns.map((c) => [c.id, c.label]));
  const rows: CsvCell[][] = [[...CSV_HEADERS]];
  for (const { item, category, restricted } of selectItems(data, filter)) {
    rows.push([
      item.id,
      item.text,
      item.address ?? '',
      item.lat ?? '',
      item.lng ?? '',
      item.phone ?? '',
      item.hours ?? '',
      restricted ? '要配慮（職員限定）' : '',
      category?.label ?? item.category,
      category ? (KIND_LABELS_JA[category.kind] ?? category.kind) : '',
      STAGE_LABELS_JA[stageOf(item, category?.kind)],
      colLabel.get(item.column) ?? item.column,
      totalVotes(item),
      areaNameOf(item, data.areas),
      item.authorRole ? participantKindLabel(item.authorRole) : '',
      isoJst(item.createdAt),
      isoJst(item.updatedAt),
    ]);
  }
  return rows;
}

/** The CSV text (no BOM: the server adds it, or encodes CP932). */
export function buildCsv(data: WorkshopData, filter: ExportFilter = {}): string {
  return toCsv(buildCsvRows(data, filter));
}
