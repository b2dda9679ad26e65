import * as Y from 'yjs';

/**
 * The root types of a workshop document (document model v1). Always reach them through
 * these functions, never by name elsewhere, so the names live in one place.
 */
export const ROOT = {
  meta: 'meta',
  columns: 'columns',
  categories: 'categories',
  items: 'items',
  areas: 'areas',
  timer: 'timer',
  /** Named groups of notes (an extension to v1: id → Y.Map {id, name}; items' `groupId`). */
  groups: 'groups',
} as const;

/** What each root holds (a history rewrite copies them by kind). */
export const ROOT_KINDS: Readonly<Record<string, 'map' | 'array'>> = {
  [ROOT.meta]: 'map',
  [ROOT.columns]: 'array',
  [ROOT.categories]: 'array',
  [ROOT.items]: 'map',
  [ROOT.areas]: 'map',
  [ROOT.timer]: 'map',
  [ROOT.groups]: 'map',
};

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);
export const columnsArray = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray(ROOT.columns);
export const categoriesArray = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray(ROOT.categories);
export const itemsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.items);
export const areasMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.areas);
export const timerMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.timer);
export const groupsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.groups);

/** Build a Y.Map from a plain record, skipping undefined values. */
export function toYMap(record: Record<string, unknown>): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(record)) if (v !== undefined) m.set(k, v);
  return m;
}
