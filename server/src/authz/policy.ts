import * as Y from 'yjs';
import {
  FACILITATOR_META_KEYS,
  SERVER_ONLY_ITEM_KEYS,
  ACTION_KEYS,
  CONSULTATION_KEYS,
  EXACT_POINT_KEYS,
  OFFER_AUTHOR_KEYS,
  OFFER_KEYS,
  AREA_KEYS,
  CATEGORY_KEYS,
  COLUMN_KEYS,
  CONNECTOR_KEYS,
  GROUP_KEYS,
  ITEM_KEYS,
  META_KEYS,
  RESTRICTED_CATEGORY_ID,
  ROOT,
  TIMER_KEYS,
  VOTE_COUNT,
  VOTE_KEY,
  may,
  PHASES,
  type Action,
  type Phase,
  type KeySpec,
  type Role,
} from '@tsunagu/shared';
import type { Refusal } from '../extensions/extension.js';
import type { Content, Removal, TypeRef, UpdateWrites, Write } from './updateWrites.js';
import { checkItemPrivacy } from './privacyRules.js';

/**
 * Who may write what: the server's decision for every update from a connection, taken from
 * the analysed update (updateWrites.ts) before it touches the document. The client's `may()`
 * (shared/src/commands/agenda.ts) shows the same policy; this is where it holds.
 *
 * | role | may write |
 * |---|---|
 * | viewer, projector | nothing (dropped before this) |
 * | participant | create notes and pins when the phase allows `add` (authorship is stamped by the server); on its own notes: text, category, place (x/y/column, lat/lng/areaId), address/phone/hours/colour, soft delete and undo of it, when the phase allows `edit`; any note's x/y/column when the phase allows `move`. Dots go through the server (no role writes `votes`). Never: categories, columns, meta, areas, groups, timer, another's text, a hard delete, a restricted category |
 * | staff, facilitator | everything the model allows |
 *
 * Every role: only known roots and keys (shared/src/model/keys.ts), values that pass their
 * checks, note texts within maxTextLength, items within maxItems, and in the public document
 * no restricted category (心配な世帯) and no change that would make a restricted category public.
 */
export interface Actor {
  role: Role;
  userId: string;
}

export interface PolicyLimits {
  maxTextLength: number;
  maxItems: number;
}

export interface PolicyInput {
  doc: Y.Doc;
  /** The restricted (staff) document rather than the public one. */
  restricted: boolean;
  actor: Actor;
  limits: PolicyLimits;
}

export interface Decision {
  refusal: Refusal | null;
  /** Items the update creates (ids): the server stamps their authorship after applying. */
  created: string[];
}

/** Roots a connection may write, by document. Others extend these when the model grows. */
export const PUBLIC_ROOTS: ReadonlySet<string> = new Set([ROOT.meta, ROOT.columns, ROOT.categories, ROOT.items, ROOT.areas, ROOT.timer, ROOT.groups, ROOT.connectors, ROOT.actions, ROOT.offers]);
export const RESTRICTED_ROOTS: ReadonlySet<string> = new Set([ROOT.items, ROOT.offerAuthors, ROOT.exactPoints, ROOT.consultations]);

/**
 * Dots are cast through the server (POST /api/workshops/:id/votes: ballots in the restricted
 * document) and written into the public `votes` maps only at the reveal, by the server: no
 * connection writes them, so no device holds anyone's dots before the reveal.
 */
const DOTS_THROUGH_SERVER = 'dots go through the server (POST /api/workshops/:id/votes)';

const refuse = (code: Refusal['code'], detail: string, limit?: number): Refusal => ({ code, detail, ...(limit === undefined ? {} : { limit }) });
const notAllowed = (detail: string) => refuse('not-allowed', detail);
const invalid = (detail: string) => refuse('invalid-value', detail);

/** Keys a participant may change on its own note, and the phase action each needs. */
const OWN_KEYS: Readonly<Record<string, Action>> = {
  text: 'edit',
  category: 'edit',
  color: 'edit',
  address: 'edit',
  phone: 'edit',
  hours: 'edit',
  deletedAt: 'edit',
  lat: 'edit',
  lng: 'edit',
  areaId: 'edit',
  x: 'move',
  y: 'move',
  column: 'move',
};
/** Keys a participant may change on anyone's note (moving it while sorting). */
const MOVE_KEYS = new Set(['x', 'y', 'column']);
/** Keys a participant may remove (not overwrite) on its own note: undoing a delete, taking a pin off the map. */
const OWN_REMOVABLE = new Set(['deletedAt', 'lat', 'lng', 'areaId']);
/** Keys set when a participant creates a note (stamped or checked as they are). */
const CREATE_KEYS = new Set([...Object.keys(OWN_KEYS), 'id', 'x', 'y', 'column', 'authorName', 'authorRole', 'authorId', 'createdAt', 'updatedAt', 'votes', 'held']);

const KEYS_BY_ROOT: Readonly<Record<string, Readonly<Record<string, KeySpec>>>> = {
  [ROOT.meta]: META_KEYS,
  [ROOT.timer]: TIMER_KEYS,
  [ROOT.columns]: COLUMN_KEYS,
  [ROOT.categories]: CATEGORY_KEYS,
  [ROOT.areas]: AREA_KEYS,
  [ROOT.groups]: GROUP_KEYS,
  [ROOT.connectors]: CONNECTOR_KEYS,
  [ROOT.actions]: ACTION_KEYS,
  [ROOT.offers]: OFFER_KEYS,
  [ROOT.offerAuthors]: OFFER_AUTHOR_KEYS,
  [ROOT.exactPoints]: EXACT_POINT_KEYS,
  [ROOT.consultations]: CONSULTATION_KEYS,
  [ROOT.items]: ITEM_KEYS,
};
/** Roots whose entries are keyed maps (id → Y.Map) and roots that are arrays of Y.Maps. */
const KEYED_ROOTS = new Set<string>([ROOT.items, ROOT.areas, ROOT.groups, ROOT.connectors, ROOT.actions, ROOT.offers, ROOT.offerAuthors, ROOT.exactPoints, ROOT.consultations]);
const ARRAY_ROOTS = new Set<string>([ROOT.columns, ROOT.categories]);
const FLAT_ROOTS = new Set<string>([ROOT.meta, ROOT.timer]);

function sharedKind(c: Content): 'map' | 'text' | 'array' | 'other' {
  if (!(c instanceof Y.ContentType)) return 'other';
  const t = c.type;
  if (t instanceof Y.Map) return 'map';
  if (t instanceof Y.Text) return 'text';
  if (t instanceof Y.Array) return 'array';
  return 'other';
}

/** Check a value written under a key against its spec. */
function checkValue(spec: KeySpec | undefined, key: string, content: Content): string | null {
  if (!spec) return `unknown key ${key}`;
  if (typeof spec === 'object') return sharedKind(content) === spec.type ? null : `${key} must be a Y.${spec.type}`;
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return `${key} must be a plain value`;
  const problem = spec(content.arr[0]);
  return problem ? `${key} ${problem}` : null;
}

/** The restricted categories: 心配な世帯 always, and any category ever flagged restricted in the document. */
export function restrictedCategoryIds(doc: Y.Doc): Set<string> {
  const out = new Set<string>([RESTRICTED_CATEGORY_ID]);
  for (const m of doc.getArray<Y.Map<unknown>>(ROOT.categories)) {
    if (m instanceof Y.Map && m.get('restricted') === true) out.add(String(m.get('id')));
  }
  return out;
}

/** The Y.Map of an item a write goes into: existing (in the document) or created by the update. */
function itemIdOf(ref: TypeRef): string | null {
  return ref.path.length >= 2 && ref.path[0] === ROOT.items ? ref.path[1]! : null;
}

function existingItem(doc: Y.Doc, itemId: string): Y.Map<unknown> | null {
  const m = doc.getMap(ROOT.items).get(itemId);
  return m instanceof Y.Map ? m : null;
}

export function decide({ doc, restricted, actor, limits }: PolicyInput, w: UpdateWrites): Decision {
  const created: string[] = [];
  const staffish = actor.role === 'staff' || actor.role === 'facilitator';
  const roots = restricted ? RESTRICTED_ROOTS : PUBLIC_ROOTS;
  const stored = restricted ? undefined : doc.getMap(ROOT.meta).get('phase');
  const phase: Phase = (PHASES as readonly unknown[]).includes(stored) ? (stored as Phase) : 'collect';
  const participant = actor.role === 'participant';
  const mayDo = (a: Action) => may(actor.role, phase, a);
  let restrictedIds: Set<string> | null = null;
  const restrictedSet = () => (restrictedIds ??= restrictedCategoryIds(doc));
  const items = doc.getMap(ROOT.items);

  // Items the update creates (whole new Y.Maps under `items`): owned by the writer.
  const createdIds = new Set<string>();
  for (const wr of w.writes) {
    const [root] = wr.parent.path;
    if (root === ROOT.items && wr.parent.path.length === 1 && wr.key !== null) {
      if (sharedKind(wr.content) !== 'map') return { refusal: invalid('an item must be a Y.Map'), created };
      if (items.has(wr.key)) {
        if (!staffish) return { refusal: notAllowed(`replaces item ${wr.key}`), created };
      } else if (!createdIds.has(wr.key)) {
        createdIds.add(wr.key);
        created.push(wr.key);
      }
    }
  }
  if (createdIds.size > 0) {
    if (!staffish && !mayDo('add')) return { refusal: notAllowed(`adding notes in phase ${phase}`), created };
    if (items.size + createdIds.size > limits.maxItems) return { refusal: refuse('too-many-items', 'too many items', limits.maxItems), created };
  }
  const owns = (itemId: string): boolean => {
    if (createdIds.has(itemId)) return true;
    const m = existingItem(doc, itemId);
    return m !== null && typeof m.get('authorId') === 'string' && m.get('authorId') === actor.userId;
  };

  // Text growth per Y.Text (length after the update).
  const textDelta = new Map<object, number>();
  const touchedItems = new Set<string>();

  for (const wr of w.writes) {
    const problem = checkWrite(wr);
    if (problem) return { refusal: problem, created };
  }
  for (const rm of w.removals) {
    const problem = checkRemoval(rm);
    if (problem) return { refusal: problem, created };
  }
  for (const [text, delta] of textDelta) {
    const existing = text instanceof Y.Text ? text.length : 0;
    if (existing + delta > limits.maxTextLength) return { refusal: refuse('text-too-long', 'text too long', limits.maxTextLength), created };
  }
  if (!restricted) {
    const problem = checkItemPrivacy(doc, w, touchedItems, { participant });
    if (problem) return { refusal: problem, created };
  }
  return { refusal: null, created };

  /**
   * An action's sources and a connector's ends name notes (or frames) of this public board:
   * never a restricted note's id (it lives in the restricted document only), never a stranger.
   */
  function checkReferences(root: string, wr: Write): Refusal | null {
    const known = (id: unknown) => typeof id === 'string' && (items.has(id) || createdIds.has(id) || (root === ROOT.connectors && doc.getMap(ROOT.groups).has(id)));
    if (root === ROOT.actions && wr.key === 'sources') {
      const v = (wr.content as Y.ContentAny).arr?.[0];
      if (Array.isArray(v) && !v.every(known)) return invalid('an action’s sources must be notes of this board');
    }
    if (root === ROOT.connectors && (wr.key === 'from' || wr.key === 'to') && !known((wr.content as Y.ContentAny).arr?.[0])) return invalid('a connector’s ends must be notes or frames of this board');
    return null;
  }

  function checkWrite(wr: Write): Refusal | null {
    const path = wr.parent.path;
    const root = path[0]!;
    if (!roots.has(root)) return notAllowed(`root ${root}`);
    if (!staffish && root !== ROOT.items) return notAllowed(`${root} is for staff`);
    const keys = KEYS_BY_ROOT[root]!;
    if (FLAT_ROOTS.has(root)) {
      if (path.length !== 1 || wr.key === null) return invalid(`${root} holds keys only`);
      const p = checkValue(keys[wr.key], wr.key, wr.content);
      if (p) return invalid(p);
      if (root === ROOT.meta && FACILITATOR_META_KEYS.has(wr.key) && actor.role !== 'facilitator') return notAllowed(`meta.${wr.key} is the facilitator's`);
      return null;
    }
    if (ARRAY_ROOTS.has(root)) {
      if (path.length === 1) return wr.key === null && sharedKind(wr.content) === 'map' ? null : invalid(`${root} holds Y.Maps`);
      if (path.length !== 2 || wr.key === null) return invalid(`${root}: unexpected nesting`);
      const p = checkValue(keys[wr.key], wr.key, wr.content);
      if (p) return invalid(p);
      if (root === ROOT.categories) return checkCategoryWrite(wr);
      return null;
    }
    if (KEYED_ROOTS.has(root) && root !== ROOT.items) {
      if (path.length === 1) return wr.key !== null && sharedKind(wr.content) === 'map' ? null : invalid(`${root} holds Y.Maps by id`);
      if (path.length !== 2 || wr.key === null) return invalid(`${root}: unexpected nesting`);
      const p = checkValue(keys[wr.key], wr.key, wr.content);
      if (p) return invalid(p);
      return restricted ? null : checkReferences(root, wr);
    }
    // items
    if (path.length === 1) return null; // the new Y.Map itself, checked above
    const itemId = path[1]!;
    touchedItems.add(itemId);
    if (path.length === 2) {
      if (wr.key === null) return invalid('an item holds keys only');
      const p = checkValue(keys[wr.key], wr.key, wr.content);
      if (p) return invalid(p);
      if (wr.key === 'id' && (wr.content as Y.ContentAny).arr[0] !== itemId) return invalid('an item id must equal its key');
      // issue 14: lifting to the city goes through POST /api/workshops/:id/lift, never a socket
      if (SERVER_ONLY_ITEM_KEYS.has(wr.key)) return notAllowed(`${wr.key} is written by the server only`);
      if (wr.key === 'category' && !restricted && restrictedSet().has((wr.content as Y.ContentAny).arr[0] as string)) {
        return refuse('restricted-category', 'restricted category in the public document');
      }
      if (staffish) return null;
      return participantItemKey(itemId, wr.key);
    }
    if (path.length === 3 && path[2] === 'text') {
      if (wr.key !== null || !(wr.content instanceof Y.ContentString)) return invalid('a note text holds characters only');
      const text = wr.parent.existing ?? wr.parent.created;
      if (text) textDelta.set(text, (textDelta.get(text) ?? 0) + wr.length);
      if (staffish) return null;
      return owns(itemId) && (createdIds.has(itemId) || mayDo('edit')) ? null : notAllowed(`text of item ${itemId}`);
    }
    if (path.length === 3 && path[2] === 'votes') {
      if (wr.key === null) return invalid('votes hold counts by voter');
      const p = VOTE_KEY(wr.key) ?? (wr.content instanceof Y.ContentAny && wr.content.arr.length === 1 ? VOTE_COUNT(wr.content.arr[0]) : 'must be a count');
      if (p) return invalid(`vote ${p}`);
      return notAllowed(DOTS_THROUGH_SERVER);
    }
    return invalid(`items: unexpected nesting ${path.slice(2).join('/')}`);
  }

  function participantItemKey(itemId: string, key: string): Refusal | null {
    if (createdIds.has(itemId)) return CREATE_KEYS.has(key) ? null : notAllowed(`setting ${key}`);
    // Only staff release a held note (issue 17); a participant may hold its own note back.
    if (key === 'held') return owns(itemId) && heldValueIs(itemId, true) ? null : notAllowed('only staff release a held note');
    // a timestamp beside another allowed change: on its own note, or on anyone's while moving is allowed
    if (key === 'updatedAt') return owns(itemId) || mayDo('move') ? null : notAllowed(`changing updatedAt of someone else's note in phase ${phase}`);
    if (MOVE_KEYS.has(key) && mayDo('move')) return null;
    const action = OWN_KEYS[key];
    if (!action) return notAllowed(`changing ${key}`);
    if (!owns(itemId)) return notAllowed(`changing ${key} of someone else's note`);
    return mayDo(action) || (action === 'move' && mayDo('edit')) ? null : notAllowed(`changing ${key} in phase ${phase}`);
  }

  function checkCategoryWrite(wr: Write): Refusal | null {
    const cat = wr.parent.existing instanceof Y.Map ? wr.parent.existing : null;
    const value = (wr.content as Y.ContentAny).arr[0];
    const currentId = cat ? String(cat.get('id')) : null;
    const isRestricted = (id: unknown) => typeof id === 'string' && restrictedSet().has(id);
    if (wr.key === 'restricted' && value !== true && (isRestricted(currentId) || (!cat && pendingId(wr) !== null && isRestricted(pendingId(wr))))) {
      return notAllowed('a restricted category stays restricted');
    }
    if (wr.key === 'id' && cat && (isRestricted(currentId) || isRestricted(value))) return notAllowed('renaming a restricted category id');
    if (wr.key === 'id' && !cat && isRestricted(value) && pendingRestricted(wr) !== true) return notAllowed('a restricted category id must stay restricted');
    return null;
  }

  function heldValueIs(itemId: string, value: boolean): boolean {
    return w.writes.some((x) => x.parent.path.length === 2 && x.parent.path[1] === itemId && x.key === 'held' && x.content instanceof Y.ContentAny && x.content.arr[0] === value);
  }

  /** For a category created by this update: the value the update gives another key of it. */
  function siblingValue(wr: Write, key: string): unknown {
    for (const other of w.writes) {
      if (other.parent.created === wr.parent.created && other.parent.created !== null && other.key === key && other.content instanceof Y.ContentAny) {
        return other.content.arr[0];
      }
    }
    return undefined;
  }
  function pendingId(wr: Write): string | null {
    const v = siblingValue(wr, 'id');
    return typeof v === 'string' ? v : null;
  }
  function pendingRestricted(wr: Write): unknown {
    return siblingValue(wr, 'restricted');
  }

  function checkRemoval(rm: Removal): Refusal | null {
    const path = rm.parent.path;
    const root = path[0]!;
    if (!roots.has(root)) return notAllowed(`root ${root}`);
    if (rm.replaced) return null; // an overwrite: the write was checked
    if (root === ROOT.categories && path.length === 1 && rm.struct.content instanceof Y.ContentType) {
      const cat = rm.struct.content.type;
      if (cat instanceof Y.Map && restrictedSet().has(String(cat.get('id')))) return notAllowed('a restricted category cannot be removed');
    }
    if (root === ROOT.items && path.length === 3 && path[2] === 'votes') return notAllowed(DOTS_THROUGH_SERVER);
    if (root === ROOT.items && path.length === 2 && rm.key !== null && SERVER_ONLY_ITEM_KEYS.has(rm.key)) return notAllowed(`${rm.key} is written by the server only`);
    if (root === ROOT.meta && path.length === 1 && rm.key !== null && FACILITATOR_META_KEYS.has(rm.key) && actor.role !== 'facilitator') return notAllowed(`meta.${rm.key} is the facilitator's`);
    const isText = root === ROOT.items && path.length === 3 && path[2] === 'text';
    if (isText && rm.parent.existing) textDelta.set(rm.parent.existing, (textDelta.get(rm.parent.existing) ?? 0) - rm.length);
    if (staffish) return null;
    if (root !== ROOT.items) return notAllowed(`${root} is for staff`);
    if (path.length === 1) return notAllowed('hard delete of a note');
    const itemId = itemIdOf(rm.parent)!;
    if (isText) return owns(itemId) && mayDo('edit') ? null : notAllowed(`text of item ${itemId}`);
    if (path.length === 2 && rm.key !== null && OWN_REMOVABLE.has(rm.key) && owns(itemId) && mayDo('edit')) return null;
    return notAllowed(`removing ${rm.key ?? 'content'} of item ${itemId}`);
  }
}
