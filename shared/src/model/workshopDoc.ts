import type * as Y from 'yjs';
import { SERVER } from '../origins.js';
import { categoryToYMap } from './category.js';
import { columnToYMap } from './column.js';
import { DEFAULT_CATEGORIES, DEFAULT_COLUMNS } from './defaults.js';
import { CURRENT_SCHEMA, DEFAULT_CENTER, DEFAULT_ZOOM, type MetaInput } from './meta.js';
import { categoriesArray, columnsArray, metaMap } from './roots.js';

/**
 * Fill a fresh public document: meta, default columns and categories. Called by the server
 * when a workshop is created (never by clients, so defaults are inserted exactly once).
 */
export function initWorkshopDoc(doc: Y.Doc, input: MetaInput, now: number): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('schema', CURRENT_SCHEMA);
    meta.set('title', input.title.trim());
    meta.set('district', (input.district ?? '').trim());
    meta.set('center', input.center ?? DEFAULT_CENTER);
    meta.set('zoom', input.zoom ?? DEFAULT_ZOOM);
    meta.set('phase', 'collect');
    meta.set('createdAt', now);
    if (columnsArray(doc).length === 0) columnsArray(doc).push(DEFAULT_COLUMNS.map((c) => columnToYMap(c)));
    if (categoriesArray(doc).length === 0) categoriesArray(doc).push(DEFAULT_CATEGORIES.map((c) => categoryToYMap(c)));
  }, SERVER);
}

/** The restricted (staff) document only holds items; it carries the schema number too. */
export function initRestrictedDoc(doc: Y.Doc): void {
  doc.transact(() => metaMap(doc).set('schema', CURRENT_SCHEMA), SERVER);
}
