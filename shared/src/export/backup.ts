import * as Y from 'yjs';
import { IMPORT, type TxOrigin } from '../origins.js';
import { areaToYMap, validateArea, type Area } from '../model/area.js';
import { categoryToYMap, validateCategory, type Category } from '../model/category.js';
import { columnToYMap, validateColumn, type Column } from '../model/column.js';
import { itemToYMap, validateItemInput, type Item } from '../model/item.js';
import { CURRENT_SCHEMA, type Meta } from '../model/meta.js';
import { areasMap, categoriesArray, columnsArray, groupsMap, itemsMap, metaMap, toYMap } from '../model/roots.js';
import { readGroups, type Group } from '../commands/board.js';
import { readActions, type ActionRecord } from '../model/action.js';
import { readConnectors, type Connector } from '../model/connector.js';
import { ACTION_KEYS, CONNECTOR_KEYS, OFFER_KEYS, recordProblems } from '../model/keys.js';
import { offersMap, readOffers, type Offer } from '../model/offer.js';
import { actionsMap, connectorsMap } from '../model/roots.js';
import type { Problems } from '../model/validate.js';
import { readWorkshopData } from './workshopData.js';

/**
 * JSON backup of a whole workshop (meta, columns, categories, areas, items with votes and
 * tombstones) and its restore into a *new* workshop. Restricted items are only in a backup
 * made by staff with `?include=restricted`.
 */
export const BACKUP_FORMAT = 'tsunagu-backup';
export const BACKUP_VERSION = 1;

export interface WorkshopBackup {
  format: typeof BACKUP_FORMAT;
  version: number;
  schema: number;
  exportedAt: string;
  meta: Meta;
  columns: Column[];
  categories: Category[];
  areas: Area[];
  items: Item[];
  /** Named groups of notes (items' `groupId`) with their frames; absent in backups made before groups were kept. */
  groups?: Group[];
  /** 図式化 connectors, follow-through actions and offers of help (absent in older backups). */
  connectors?: Connector[];
  actions?: ActionRecord[];
  offers?: Offer[];
  restrictedItems?: Item[];
}

export function buildBackup(publicDoc: Y.Doc, restrictedDoc: Y.Doc | undefined, now: number): WorkshopBackup {
  const data = readWorkshopData(publicDoc, restrictedDoc, { includeDeleted: true });
  const backup: WorkshopBackup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schema: CURRENT_SCHEMA,
    exportedAt: new Date(now).toISOString(),
    meta: data.meta,
    columns: data.columns,
    categories: data.categories,
    areas: data.areas,
    items: data.items,
    groups: readGroups(publicDoc),
    connectors: readConnectors(publicDoc),
    actions: readActions(publicDoc, { includeDeleted: true }),
    offers: readOffers(publicDoc, { includeDeleted: true }),
  };
  if (restrictedDoc) backup.restrictedItems = data.restrictedItems;
  return backup;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateBackup(b: unknown, maxText = 500): Problems {
  if (!isObj(b)) return ['backup must be a JSON object'];
  if (b.format !== BACKUP_FORMAT) return [`not a tsunagu backup (format must be "${BACKUP_FORMAT}")`];
  if (typeof b.version !== 'number' || b.version > BACKUP_VERSION) return [`backup version ${String(b.version)} is not supported`];
  const p: Problems = [];
  if (!isObj(b.meta) || typeof b.meta.title !== 'string') p.push('meta.title must be a string');
  const list = (name: string, v: unknown, check: (x: unknown) => Problems) => {
    if (!Array.isArray(v)) return p.push(`${name} must be an array`);
    v.forEach((x, i) => check(x).forEach((msg) => p.push(`${name}[${i}]: ${msg}`)));
    return 0;
  };
  const checkItem = (x: unknown): Problems => {
    const q = validateItemInput(x, maxText);
    if (isObj(x) && typeof x.id !== 'string') q.push('id must be a string');
    return q;
  };
  list('columns', b.columns, validateColumn);
  list('categories', b.categories, validateCategory);
  list('areas', b.areas, validateArea);
  list('items', b.items, checkItem);
  if (b.groups !== undefined)
    list('groups', b.groups, (g) => (isObj(g) && typeof g.id === 'string' && typeof g.name === 'string' ? [] : ['must be {id, name} strings']));
  if (b.connectors !== undefined) list('connectors', b.connectors, (x) => recordProblems(CONNECTOR_KEYS, x));
  if (b.actions !== undefined) list('actions', b.actions, (x) => recordProblems(ACTION_KEYS, x));
  if (b.offers !== undefined) list('offers', b.offers, (x) => recordProblems(OFFER_KEYS, x));
  if (b.restrictedItems !== undefined) list('restrictedItems', b.restrictedItems, checkItem);
  return p.slice(0, 50);
}

function itemMapFrom(item: Item): Y.Map<unknown> {
  const m = itemToYMap({ ...item, column: item.column || 'pool' }, item.createdAt);
  m.set('updatedAt', item.updatedAt);
  // A Y.Map not yet in a document cannot be read back, so build the votes map on its own.
  const votes = new Y.Map<number>();
  for (const [voter, n] of Object.entries(item.votes ?? {})) if (typeof n === 'number') votes.set(voter, n);
  m.set('votes', votes);
  if (item.deletedAt !== undefined) m.set('deletedAt', item.deletedAt);
  return m;
}

/**
 * Write a backup into the documents of a freshly created workshop, replacing the default
 * columns and categories the server put there. One transaction per document, origin `import`.
 */
export function restoreBackup(
  backup: WorkshopBackup,
  publicDoc: Y.Doc,
  restrictedDoc: Y.Doc | undefined,
  origin: TxOrigin = IMPORT,
): { items: number; restrictedItems: number } {
  publicDoc.transact(() => {
    const meta = metaMap(publicDoc);
    meta.set('title', backup.meta.title);
    meta.set('district', backup.meta.district ?? '');
    if (Array.isArray(backup.meta.center)) meta.set('center', backup.meta.center);
    if (typeof backup.meta.zoom === 'number') meta.set('zoom', backup.meta.zoom);
    if (typeof backup.meta.phase === 'string') meta.set('phase', backup.meta.phase);
    const cols = columnsArray(publicDoc);
    cols.delete(0, cols.length);
    cols.push(backup.columns.map((c) => columnToYMap(c)));
    const cats = categoriesArray(publicDoc);
    cats.delete(0, cats.length);
    cats.push(backup.categories.map((c) => categoryToYMap(c)));
    const areas = areasMap(publicDoc);
    for (const a of backup.areas) areas.set(a.id, areaToYMap(a));
    const items = itemsMap(publicDoc);
    for (const it of backup.items) items.set(it.id, itemMapFrom(it));
    const groups = groupsMap(publicDoc);
    for (const g of backup.groups ?? []) groups.set(g.id, toYMap({ id: g.id, name: g.name.slice(0, 60), ...(g.frame ?? {}), color: g.color }));
    for (const c of backup.connectors ?? []) connectorsMap(publicDoc).set(c.id, toYMap({ ...c }));
    for (const a of backup.actions ?? []) actionsMap(publicDoc).set(a.id, toYMap({ ...a, checkAt: a.checkAt || undefined }));
    for (const o of backup.offers ?? []) offersMap(publicDoc).set(o.id, toYMap({ ...o }));
  }, origin);
  const restricted = restrictedDoc ? (backup.restrictedItems ?? []) : [];
  if (restrictedDoc && restricted.length > 0)
    restrictedDoc.transact(() => {
      const items = itemsMap(restrictedDoc);
      for (const it of restricted) items.set(it.id, itemMapFrom(it));
    }, origin);
  return { items: backup.items.length, restrictedItems: restricted.length };
}
