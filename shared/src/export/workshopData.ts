import type * as Y from 'yjs';
import { readAreas, areaAt, type Area } from '../model/area.js';
import { readCategories, type Category } from '../model/category.js';
import { readColumns, type Column } from '../model/column.js';
import { readItems, type Item } from '../model/item.js';
import { readMeta, type Meta } from '../model/meta.js';
import { readConnectors, type Connector } from '../model/connector.js';
import { readGroups, type Group } from '../commands/board.js';

/**
 * A plain snapshot of one workshop, read from its public document and (for staff) its
 * restricted document. Every export format is built from this, never from the Y.Doc, so the
 * builders are pure functions with table tests.
 */
export interface WorkshopData {
  meta: Meta;
  columns: Column[];
  categories: Category[];
  areas: Area[];
  /** Live items of the public document. */
  items: Item[];
  /** Live items of the restricted document (empty unless a staff export asked for them). */
  restrictedItems: Item[];
  /** 図式化: frames and connectors of the public document (absent in older backups). */
  groups?: Group[];
  connectors?: Connector[];
}

export function readWorkshopData(publicDoc: Y.Doc, restrictedDoc?: Y.Doc, opts: { includeDeleted?: boolean } = {}): WorkshopData {
  return {
    meta: readMeta(publicDoc),
    columns: readColumns(publicDoc),
    categories: readCategories(publicDoc),
    areas: readAreas(publicDoc),
    items: readItems(publicDoc, opts),
    restrictedItems: restrictedDoc ? readItems(restrictedDoc, opts) : [],
    groups: readGroups(publicDoc),
    connectors: readConnectors(publicDoc),
  };
}

/** The name of the area an item lies in: its `areaId` when set, else the smallest outline around its pin. */
export function areaNameOf(item: Pick<Item, 'areaId' | 'lat' | 'lng'>, areas: readonly Area[]): string {
  if (item.areaId) {
    const a = areas.find((x) => x.id === item.areaId);
    if (a) return a.name;
  }
  if (item.lat !== undefined && item.lng !== undefined) return areaAt(areas, item.lat, item.lng)?.name ?? '';
  return '';
}

/**
 * A resource's stage in its life (docs/ARCHITECTURE.md: 把握 → 不足 → 創出): `created` when marked as newly
 * created by the neighbourhood, `missing` for a gap (あったらいいな), `known` for any other
 * resource; '' for needs and places.
 */
export type StageName = 'known' | 'missing' | 'created' | '';
export function stageOf(item: Pick<Item, 'stage'>, kind: string | undefined): StageName {
  if (kind === 'gap') return 'missing';
  if (kind !== 'resource') return '';
  return item.stage === 'created' ? 'created' : 'known';
}
export const STAGE_LABELS_JA: Record<StageName, string> = { known: '把握', missing: '不足', created: '創出', '': '' };
