import * as Y from 'yjs';
import { addItem, updateItem, type CommandOptions } from '../commands/items.js';
import { readAreas } from '../model/area.js';
import { readCategories } from '../model/category.js';
import type { ItemInput } from '../model/item.js';
import { ROOT } from '../model/roots.js';
import { coarsen, precisionMeters } from '../privacy/precision.js';
import { areaIdAt } from './areaCommands.js';

/**
 * Options of the pin commands. `areasDoc` is the public document when the pin goes into the
 * restricted one. `exactDoc` (staff) is the restricted document: a need pin's exact point is
 * written there (root exactPoints) while the public document gets the coarse point.
 */
export type PinOptions = CommandOptions & { areasDoc?: Y.Doc; exactDoc?: Y.Doc | null };

/**
 * Where a pin of this category is written in `doc` (issue 17): a need (困りごと) in the public
 * document at area precision (`coarsen`), everything else at the exact point. Answers the point
 * to store and whether it was coarsened.
 */
export function publicPoint(doc: Y.Doc, category: string, lat: number, lng: number, opts: { areasDoc?: Y.Doc } = {}): { lat: number; lng: number; coarse: boolean } {
  const isPublic = opts.areasDoc === undefined || opts.areasDoc === doc;
  const cat = readCategories(opts.areasDoc ?? doc).find((c) => c.id === category);
  if (!isPublic || !cat || cat.kind !== 'need' || cat.restricted) return { lat, lng, coarse: false };
  const [cLat, cLng] = coarsen(lat, lng, readAreas(doc), precisionMeters(doc.getMap(ROOT.meta).get('precisionM')));
  return { lat: cLat, lng: cLng, coarse: true };
}

/** Staff: keep the exact point of a need in the restricted document. */
export function setExactPoint(restrictedDoc: Y.Doc, itemId: string, lat: number, lng: number, opts: CommandOptions = {}): void {
  restrictedDoc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set('lat', lat);
    m.set('lng', lng);
    m.set('at', opts.now ?? Date.now());
    restrictedDoc.getMap(ROOT.exactPoints).set(itemId, m);
  }, opts.origin);
}

/**
 * Create an item placed on the map: like `addItem`, with `areaId` set from the area that
 * contains the point (the smallest one, e.g. the 自治会 inside the 小学校区). The areas are
 * read from `areasDoc` (the public doc) so a pin in the restricted doc gets the same areaId.
 * A need in the public document is stored at area precision (see `publicPoint`).
 */
export function addPin(doc: Y.Doc, input: ItemInput & { lat: number; lng: number }, opts: PinOptions = {}): string {
  const areaId = input.areaId ?? areaIdAt(opts.areasDoc ?? doc, input.lat, input.lng);
  const p = publicPoint(doc, input.category, input.lat, input.lng, opts);
  const id = addItem(doc, { ...input, lat: p.lat, lng: p.lng, areaId }, opts);
  if (p.coarse && opts.exactDoc) setExactPoint(opts.exactDoc, id, input.lat, input.lng, opts);
  return id;
}

/** Move a pin (drag to correct it); its `areaId` follows the new position. */
export function movePin(doc: Y.Doc, id: string, lat: number, lng: number, opts: PinOptions = {}): boolean {
  const areaId = areaIdAt(opts.areasDoc ?? doc, lat, lng);
  const m = doc.getMap(ROOT.items).get(id);
  const category = m instanceof Y.Map ? String(m.get('category')) : '';
  const p = publicPoint(doc, category, lat, lng, opts);
  const ok = updateItem(doc, id, { lat: p.lat, lng: p.lng, areaId: areaId ?? null }, opts);
  if (ok && p.coarse && opts.exactDoc) setExactPoint(opts.exactDoc, id, lat, lng, opts);
  return ok;
}
