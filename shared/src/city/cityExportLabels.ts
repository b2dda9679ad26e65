import type { ExportLang } from '../export/exportLabels.js';
import { isUnitLevel, UNIT_LEVEL_LABELS } from './units.js';

/**
 * The city exports' own words (issue 14, `?lang=en`): the three columns city.csv puts before
 * the workshop CSV's columns (whose English headers are CSV_HEADERS_EN). In English they are
 * named after the GeoJSON's properties (unitName, unitLevel) so they do not clash with the
 * workshop CSV's 'Area' (the area inside a workshop).
 */
export const CITY_CSV_LEAD: Record<ExportLang, readonly string[]> = {
  ja: ['区分', '区分の種類', 'ワークショップ'],
  en: ['Unit', 'Unit level', 'Workshop'],
};

/** A unit level by its label (自治会, 小学校区 …; Neighbourhood association … in English); '' for none. */
export function unitLevelLabel(level: string | null | undefined, lang: ExportLang = 'ja'): string {
  return level && isUnitLevel(level) ? UNIT_LEVEL_LABELS[level][lang] : '';
}
