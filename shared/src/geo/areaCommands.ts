import * as Y from 'yjs';
import { newId } from '../ids.js';
import { areaAt, areaToYMap, readAreas, validateArea, type Area, type AreaKind, type Polygon } from '../model/area.js';
import { readItem } from '../model/item.js';
import { areasMap, itemsMap } from '../model/roots.js';
import { assertValid } from '../model/validate.js';
import { IMPORT, LOCAL } from '../origins.js';
import type { CommandOptions } from '../commands/items.js';
import type { AreaDraft } from './geojsonAreas.js';

/**
 * Commands on areas (自治会 / 小学校区 outlines) and on the `areaId` of items. The UI calls
 * these; each runs in one transaction with a typed origin.
 */

/** The id of the smallest area containing a point, or undefined. */
export function areaIdAt(doc: Y.Doc, lat: number, lng: number): string | undefined {
  return areaAt(readAreas(doc), lat, lng)?.id;
}

/** Add one area; returns its id. */
export function addArea(doc: Y.Doc, draft: AreaDraft & { id?: string }, opts: CommandOptions = {}): string {
  const area: Area = { id: draft.id ?? newId(), name: draft.name, kind: draft.kind, polygon: draft.polygon };
  assertValid(validateArea(area));
  doc.transact(() => {
    areasMap(doc).set(area.id, areaToYMap(area));
    assignAreaIdsIn(doc);
  }, opts.origin ?? LOCAL);
  return area.id;
}

/** Rename, re-kind or reshape an area. */
export function updateArea(
  doc: Y.Doc,
  id: string,
  fields: { name?: string; kind?: AreaKind; polygon?: Polygon },
  opts: CommandOptions = {},
): boolean {
  const m = areasMap(doc).get(id);
  if (!(m instanceof Y.Map)) return false;
  const next = { id, name: fields.name ?? m.get('name'), kind: fields.kind ?? m.get('kind'), polygon: fields.polygon ?? m.get('polygon') };
  assertValid(validateArea(next));
  doc.transact(() => {
    if (fields.name !== undefined) m.set('name', fields.name);
    if (fields.kind !== undefined) m.set('kind', fields.kind);
    if (fields.polygon !== undefined) {
      m.set('polygon', fields.polygon);
      assignAreaIdsIn(doc, true);
    }
  }, opts.origin ?? LOCAL);
  return true;
}

/**
 * Remove an area outline. Items keep their text; their `areaId` is recomputed. (Outlines are
 * reference geometry, re-importable from GeoJSON, so this is not a soft delete.)
 */
export function removeArea(doc: Y.Doc, id: string, opts: CommandOptions = {}): void {
  doc.transact(() => {
    areasMap(doc).delete(id);
    assignAreaIdsIn(doc, true);
  }, opts.origin ?? LOCAL);
}

/** Import outlines (e.g. from GeoJSON) in one transaction with the `import` origin. */
export function importAreas(doc: Y.Doc, drafts: readonly AreaDraft[], opts: CommandOptions = {}): string[] {
  const areas: Area[] = drafts.map((d) => ({ id: newId(), name: d.name, kind: d.kind, polygon: d.polygon }));
  for (const a of areas) assertValid(validateArea(a));
  doc.transact(() => {
    for (const a of areas) areasMap(doc).set(a.id, areaToYMap(a));
    assignAreaIdsIn(doc);
  }, opts.origin ?? IMPORT);
  return areas.map((a) => a.id);
}

/**
 * Set `areaId` on pins from the areas. Without `recompute` only pins without an area are
 * touched (a new outline claims the pins inside it); with it every pin is recomputed.
 * Must run inside a transaction (the callers' own).
 */
function assignAreaIdsIn(doc: Y.Doc, recompute = false): void {
  const areas = readAreas(doc);
  itemsMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const item = readItem(m);
    if (item.lat === undefined || item.lng === undefined) return;
    if (!recompute && item.areaId && areas.some((a) => a.id === item.areaId)) return;
    const id = areaAt(areas, item.lat, item.lng)?.id;
    if (id === item.areaId) return;
    if (id === undefined) m.delete('areaId');
    else m.set('areaId', id);
  });
}

/** Recompute the `areaId` of every pin (one transaction). */
export function assignAreaIds(doc: Y.Doc, opts: CommandOptions = {}): void {
  doc.transact(() => assignAreaIdsIn(doc, true), opts.origin ?? LOCAL);
}
