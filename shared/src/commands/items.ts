import * as Y from 'yjs';
import { newId } from '../ids.js';
import { itemToYMap, type ItemInput, validateItemInput, MAX_TEXT_LENGTH, RESOURCE_STAGES, type ResourceStage } from '../model/item.js';
import { POOL_COLUMN } from '../model/defaults.js';
import { itemsMap } from '../model/roots.js';
import { assertValid } from '../model/validate.js';
import { LOCAL, type TxOrigin } from '../origins.js';
import { findSensitiveWords } from '../privacy/privacyCheck.js';

/**
 * Commands on items. The UI calls these; it never edits the Y.Doc directly. Each runs in one
 * transaction with the given origin (default `local`, which the undo manager tracks).
 */
export interface CommandOptions {
  origin?: TxOrigin;
  now?: number;
}

const nowOf = (o: CommandOptions) => o.now ?? Date.now();

/** Create an item (note or pin) and return its id. Throws ValidationError on bad input. */
export function addItem(doc: Y.Doc, input: ItemInput, opts: CommandOptions & { maxText?: number } = {}): string {
  assertValid(validateItemInput(input, opts.maxText ?? MAX_TEXT_LENGTH));
  const id = input.id ?? newId();
  // A note with a sensitive word is held back from the projector until staff release it (issue 17; the server requires it of participants).
  const held = input.held ?? (findSensitiveWords(input.text).length > 0 ? true : undefined);
  const m = itemToYMap({ ...input, id, column: input.column ?? POOL_COLUMN, held }, nowOf(opts));
  doc.transact(() => itemsMap(doc).set(id, m), opts.origin ?? LOCAL);
  return id;
}

export function getItemMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const m = itemsMap(doc).get(id);
  return m instanceof Y.Map ? m : undefined;
}

/** Set plain fields of an item (position, column, category, lat/lng, …) in one transaction. */
export function updateItem(
  doc: Y.Doc,
  id: string,
  fields: Partial<Record<'x' | 'y' | 'column' | 'category' | 'lat' | 'lng' | 'color' | 'areaId' | 'groupId' | 'address' | 'phone' | 'hours' | 'stage', string | number | null>>,
  opts: CommandOptions = {},
): boolean {
  const m = getItemMap(doc, id);
  if (!m) return false;
  doc.transact(() => {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if (v === null) m.delete(k);
      else m.set(k, v);
    }
    m.set('updatedAt', nowOf(opts));
  }, opts.origin ?? LOCAL);
  return true;
}

/** Move several items at once (the drop at the end of a drag). */
export function moveItems(
  doc: Y.Doc,
  moves: readonly { id: string; x: number; y: number; column?: string | undefined }[],
  opts: CommandOptions = {},
): void {
  doc.transact(() => {
    for (const mv of moves) {
      const m = getItemMap(doc, mv.id);
      if (!m) continue;
      m.set('x', mv.x);
      m.set('y', mv.y);
      if (mv.column !== undefined && m.get('column') !== mv.column) m.set('column', mv.column);
      m.set('updatedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

/** Replace the whole text of an item (typing goes through the Y.Text binding instead). */
export function setItemText(doc: Y.Doc, id: string, text: string, opts: CommandOptions = {}): boolean {
  const m = getItemMap(doc, id);
  const t = m?.get('text');
  if (!m || !(t instanceof Y.Text)) return false;
  doc.transact(() => {
    t.delete(0, t.length);
    t.insert(0, text);
    holdIfSensitive(m, text);
    m.set('updatedAt', nowOf(opts));
  }, opts.origin ?? LOCAL);
  return true;
}

/** Hold a note back once its text holds a sensitive word (call inside the edit's transaction). */
export function holdIfSensitive(m: Y.Map<unknown>, text: string): void {
  if (m.get('held') !== true && findSensitiveWords(text).length > 0) m.set('held', true);
}

/** Staff: release held notes to the projector (or hold them again). */
export function setHeld(doc: Y.Doc, ids: readonly string[], held: boolean, opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = getItemMap(doc, id);
      if (!m) continue;
      if (held) m.set('held', true);
      else if (m.has('held')) m.set('held', false);
      m.set('updatedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

/** Staff: 掲載の同意 of resources ('yes' | 'pending' | 'no'; null: a public institution). */
export function setConsent(doc: Y.Doc, ids: readonly string[], consent: 'yes' | 'pending' | 'no' | null, opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = getItemMap(doc, id);
      if (!m) continue;
      if (consent === null) m.delete('consent');
      else m.set('consent', consent);
      m.set('updatedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

/** Soft delete: sets a tombstone a facilitator can restore. */
export function deleteItems(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) getItemMap(doc, id)?.set('deletedAt', nowOf(opts));
  }, opts.origin ?? LOCAL);
}

export function restoreItems(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = getItemMap(doc, id);
      if (!m) continue;
      m.delete('deletedAt');
      m.set('updatedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

/**
 * Mark resources as newly created by the neighbourhood (創出), or clear the mark (null), in one
 * transaction. docs/ARCHITECTURE.md: municipalities report the count of resources created as an outcome.
 */
export function setResourceStage(doc: Y.Doc, ids: readonly string[], stage: ResourceStage | null, opts: CommandOptions = {}): void {
  if (stage !== null && !RESOURCE_STAGES.includes(stage)) throw new Error(`unknown resource stage ${String(stage)}`);
  doc.transact(() => {
    for (const id of ids) updateItem(doc, id, { stage }, opts);
  }, opts.origin ?? LOCAL);
}
