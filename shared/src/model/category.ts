import type * as Y from 'yjs';
import { CATEGORY_KINDS, type CategoryKind } from './defaults.js';
import { categoriesArray, toYMap } from './roots.js';
import { checkColor, checkId, checkString, type Problems } from './validate.js';

/** A category of item. Stored as Y.Map `{id, label, kind, color, restricted, icon?}`. */
export interface Category {
  id: string;
  label: string;
  kind: CategoryKind;
  color: string;
  restricted: boolean;
  /** Extension to v1: an emoji icon shown on notes and pins (optional). */
  icon?: string | undefined;
}

export function validateCategory(c: unknown): Problems {
  const p: Problems = [];
  if (typeof c !== 'object' || c === null) return ['category must be an object'];
  const r = c as Record<string, unknown>;
  checkId(p, 'category.id', r.id);
  checkString(p, 'category.label', r.label, 60);
  if (!(CATEGORY_KINDS as readonly unknown[]).includes(r.kind)) p.push(`category.kind must be one of ${CATEGORY_KINDS.join(', ')}`);
  checkColor(p, 'category.color', r.color);
  if (typeof r.restricted !== 'boolean') p.push('category.restricted must be a boolean');
  checkString(p, 'category.icon', r.icon, 8, true);
  return p;
}

export function categoryToYMap(c: Category): Y.Map<unknown> {
  return toYMap({ id: c.id, label: c.label, kind: c.kind, color: c.color, restricted: c.restricted, icon: c.icon });
}

export function readCategories(doc: Y.Doc): Category[] {
  return categoriesArray(doc)
    .toArray()
    .map((m) => ({
      id: String(m.get('id') ?? ''),
      label: String(m.get('label') ?? ''),
      kind: (CATEGORY_KINDS as readonly unknown[]).includes(m.get('kind')) ? (m.get('kind') as CategoryKind) : 'need',
      color: String(m.get('color') ?? '#bdbdbd'),
      restricted: m.get('restricted') === true,
      icon: typeof m.get('icon') === 'string' ? (m.get('icon') as string) : undefined,
    }));
}

export function findCategory(categories: readonly Category[], id: string): Category | undefined {
  return categories.find((c) => c.id === id);
}
