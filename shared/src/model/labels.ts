import { COLUMN_TEMPLATES, DEFAULT_CATEGORIES, DEFAULT_COLUMNS } from './defaults.js';

/**
 * The label of a category or a lane in the reader's language. The document stores the
 * Japanese label (and `labelEn` when someone gave one); a default category or lane whose
 * Japanese label was not changed takes the product's English label. A custom label without
 * an English one stays as written.
 */
const DEFAULT_EN = new Map<string, string>();
for (const c of DEFAULT_CATEGORIES) DEFAULT_EN.set(`cat:${c.id}:${c.label}`, c.labelEn);
for (const c of [...DEFAULT_COLUMNS, ...COLUMN_TEMPLATES.flatMap((t) => t.columns)]) DEFAULT_EN.set(`col:${c.id}:${c.label}`, c.labelEn);

export function localLabel(kind: 'category' | 'column', c: { id: string; label: string; labelEn?: string | undefined }, lang: 'ja' | 'en'): string {
  if (lang === 'ja') return c.label;
  if (c.labelEn) return c.labelEn;
  return DEFAULT_EN.get(`${kind === 'category' ? 'cat' : 'col'}:${c.id}:${c.label}`) ?? c.label;
}

export const CATEGORY_KIND_LABELS: Record<string, { ja: string; en: string }> = {
  need: { ja: '困りごと', en: 'Needs' },
  resource: { ja: '地域の資源', en: 'Resources' },
  gap: { ja: 'あったらいいな', en: 'Wishes' },
  place: { ja: '場所', en: 'Places' },
};
