import type * as Y from 'yjs';
import { addItem, updateItem, type CommandOptions } from '../commands/items.js';
import type { ItemInput } from '../model/item.js';
import { areaIdAt } from './areaCommands.js';

/**
 * Create an item placed on the map: like `addItem`, with `areaId` set from the area that
 * contains the point (the smallest one, e.g. the 自治会 inside the 小学校区). The areas are
 * read from `areasDoc` (the public doc) so a pin in the restricted doc gets the same areaId.
 */
export function addPin(
  doc: Y.Doc,
  input: ItemInput & { lat: number; lng: number },
  opts: CommandOptions & { areasDoc?: Y.Doc } = {},
): string {
  const areaId = input.areaId ?? areaIdAt(opts.areasDoc ?? doc, input.lat, input.lng);
  return addItem(doc, { ...input, areaId }, opts);
}

/** Move a pin (drag to correct it); its `areaId` follows the new position. */
export function movePin(doc: Y.Doc, id: string, lat: number, lng: number, opts: CommandOptions & { areasDoc?: Y.Doc } = {}): boolean {
  const areaId = areaIdAt(opts.areasDoc ?? doc, lat, lng);
  return updateItem(doc, id, { lat, lng, areaId: areaId ?? null }, opts);
}
