import { participantKindLabel } from '../roles.js';
import { totalVotes } from '../model/item.js';
import { localLabel } from '../model/labels.js';
import { CSV_HEADERS_EN, KIND_LABELS_EN, RESTRICTED_REMARK, stageLabelsFor, type ExportLang } from './exportLabels.js';
import { toCsv, type CsvCell } from './csv.js';
import { selectItems, type ExportFilter } from './exportFilter.js';
import { areaNameOf, stageOf, type WorkshopData } from './workshopData.js';

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

/** The kind of a category by its label in the CSV's words (課題, 地域資源 …; Need, Resource … in English). */
export function kindLabel(kind: string, lang: ExportLang = 'ja'): string {
  return (lang === 'en' ? KIND_LABELS_EN : KIND_LABELS_JA)[kind] ?? kind;
}

/**
 * The CSV rows (header first) of every selected item: pins and board notes alike. Categories,
 * kinds, stages, lanes and author roles appear by their labels; `lang: 'en'` gives English
 * headers and labels (a category or lane renamed in the workshop keeps its own words unless it
 * has an English label).
 */
export function buildCsvRows(data: WorkshopData, filter: ExportFilter = {}, lang: ExportLang = 'ja'): CsvCell[][] {
  const colLabel = new Map(data.columns.map((c) => [c.id, localLabel('column', c, lang)]));
  const stageLabels = stageLabelsFor(lang);
  const rows: CsvCell[][] = [lang === 'en' ? [...CSV_HEADERS_EN] : [...CSV_HEADERS]];
  for (const { item, category, restricted } of selectItems(data, filter)) {
    rows.push([
      item.id,
      item.text,
      item.address ?? '',
      item.lat ?? '',
      item.lng ?? '',
      item.phone ?? '',
      item.hours ?? '',
      restricted ? RESTRICTED_REMARK[lang] : '',
      category ? localLabel('category', category, lang) : item.category,
      category ? kindLabel(category.kind, lang) : '',
      stageLabels[stageOf(item, category?.kind)],
      colLabel.get(item.column) ?? item.column,
      totalVotes(item),
      areaNameOf(item, data.areas),
      item.authorRole ? participantKindLabel(item.authorRole, lang) : '',
      isoJst(item.createdAt),
      isoJst(item.updatedAt),
    ]);
  }
  return rows;
}

/** The CSV text (no BOM: the server adds it, or encodes CP932). */
export function buildCsv(data: WorkshopData, filter: ExportFilter = {}, lang: ExportLang = 'ja'): string {
  return toCsv(buildCsvRows(data, filter, lang));
}
