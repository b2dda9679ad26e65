import type { Lang } from '../protocol.js';
import { STAGE_LABELS_JA, type StageName } from './workshopData.js';

/**
 * Labels of the export files in English (`?lang=en`). The Japanese files are the default and
 * their columns and properties stay as they are (other programs read them); English is a variant
 * with English headers and labels, and the same ids.
 */
export type ExportLang = Lang;

/** `?lang=en` → 'en'; anything else is Japanese. */
export const parseExportLang = (v: string | null | undefined): ExportLang => (v === 'en' ? 'en' : 'ja');

/** The CSV export's headers in English, column for column with CSV_HEADERS. */
export const CSV_HEADERS_EN = [
  'ID',
  'Name',
  'Address',
  'Latitude',
  'Longitude',
  'Phone',
  'Hours',
  'Remarks',
  'Category',
  'Kind',
  'Stage',
  'Lane',
  'Votes',
  'Area',
  'Author role',
  'Created',
  'Updated',
] as const;

export const KIND_LABELS_EN: Record<string, string> = { need: 'Need', resource: 'Resource', gap: 'Wish', place: 'Place' };

export const STAGE_LABELS_EN: Record<StageName, string> = { known: 'Known', missing: 'Missing', created: 'Created', '': '' };

/** The stages' labels (把握・不足・創出, or Known, Missing, Created) in the file's language. */
export const stageLabelsFor = (lang: ExportLang): Record<StageName, string> => (lang === 'en' ? STAGE_LABELS_EN : STAGE_LABELS_JA);

/** What the 備考 column says of an item from the restricted layer. */
export const RESTRICTED_REMARK: Record<ExportLang, string> = { ja: '要配慮（職員限定）', en: 'Sensitive (staff only)' };
