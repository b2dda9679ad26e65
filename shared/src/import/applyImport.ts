import * as Y from 'yjs';
import { addItem } from '../commands/items.js';
import { laneIndexOf, placeableNotes } from '../commands/placeItems.js';
import { Occupancy } from '../commands/placement.js';
import { readColumns } from '../model/column.js';
import { readCategories } from '../model/category.js';
import { POOL_COLUMN } from '../model/defaults.js';
import { itemsMap } from '../model/roots.js';
import { IMPORT, type TxOrigin } from '../origins.js';
import type { ImportCandidate } from './importTypes.js';

/**
 * Write imported places into the public document as pins of the chosen category, in one
 * transaction with the `import` origin. Rows whose `sourceKey` is already in the document
 * (also in the trash: a deleted import stays deleted) are skipped, so importing the same
 * file twice adds nothing.
 */
export interface ApplyImportOptions {
  /** The category the user picked (must exist and not be restricted). */
  category: string;
  /** Use the category a row carries (tsunagu's own GeoJSON) when it is a known public one. */
  keepCategories?: boolean;
  column?: string;
  authorName?: string;
  authorRole?: string;
  now?: number;
  origin?: TxOrigin;
  /** Items the document may hold at most; the import stops there. */
  maxItems?: number;
}

export interface ImportResult {
  added: number;
  alreadyPresent: number;
  /** Rows not added because the workshop is full. */
  overLimit: number;
  addedIds: string[];
}

export class ImportCategoryError extends Error {
  constructor(readonly category: string) {
    super(`category "${category}" does not exist or is restricted`);
    this.name = 'ImportCategoryError';
  }
}

const xy = (p: { x: number; y: number }) => ({ x: p.x, y: p.y });
const cut = (s: string | undefined, max: number) => (s === undefined ? undefined : s.slice(0, max));


export function applyImport(doc: Y.Doc, rows: readonly ImportCandidate[], opts: ApplyImportOptions): ImportResult {
  const cats = readCategories(doc);
  const publicCats = new Set(cats.filter((c) => !c.restricted).map((c) => c.id));
  if (!publicCats.has(opts.category)) throw new ImportCategoryError(opts.category);
  const existing = new Set<string>();
  itemsMap(doc).forEach((m) => {
    const k = m instanceof Y.Map ? m.get('sourceKey') : undefined;
    if (typeof k === 'string') existing.add(k);
  });
  let count = itemsMap(doc).size;
  const result: ImportResult = { added: 0, alreadyPresent: 0, overLimit: 0, addedIds: [] };
  const origin = opts.origin ?? IMPORT;
  // Imported resources join their own lane's flow (the next free slots after what is there),
  // never drawn across the neighbouring lanes.
  const columnIds = readColumns(doc).map((c) => c.id);
  const lane = laneIndexOf(columnIds, opts.column ?? POOL_COLUMN);
  const occupancy = new Occupancy(placeableNotes(doc, columnIds));
  doc.transact(() => {
    for (const row of rows) {
      if (existing.has(row.sourceKey)) {
        result.alreadyPresent++;
        continue;
      }
      if (opts.maxItems !== undefined && count >= opts.maxItems) {
        result.overLimit++;
        continue;
      }
      const category = opts.keepCategories && row.category && publicCats.has(row.category) ? row.category : opts.category;
      const id = addItem(
        doc,
        {
          text: row.name.slice(0, 500),
          category,
          column: opts.column ?? POOL_COLUMN,
          ...xy(occupancy.take(lane)),
          lat: row.lat,
          lng: row.lng,
          address: cut(row.address, 200),
          phone: cut(row.phone, 40),
          hours: cut(row.hours, 200),
          sourceKey: row.sourceKey.slice(0, 200),
          authorName: cut(opts.authorName, 40),
          authorRole: cut(opts.authorRole, 40),
        },
        { origin, now: opts.now ?? Date.now() },
      );
      existing.add(row.sourceKey);
      count++;
      result.added++;
      result.addedIds.push(id);
    }
  }, origin);
  return result;
}
