import * as Y from 'yjs';
import { itemsMap } from './roots.js';
import { checkColor, checkId, checkLatLng, checkNumber, checkString, type Problems } from './validate.js';

/**
 * An item: every sticky note and every pin. An item with lat/lng is also a pin on the map.
 * Stored as a Y.Map in `items` (id → Y.Map); `text` is a Y.Text so concurrent typing merges,
 * `votes` a Y.Map voterId → count. Deletes are soft: `deletedAt` is set, never removed.
 *
 * v1 keys: id, text, category, column, x, y, lat?, lng?, color?, authorName, authorRole,
 * createdAt, updatedAt, votes, deletedAt?, areaId?.
 * Extensions (optional, additive, readers must tolerate their absence):
 *   groupId   – the group a note belongs to (grouping / merged duplicates)
 *   address, phone, hours – resource details for the printed legend and CSV
 *   sourceKey – stable key of an imported row (re-importing the same file does not duplicate)
 *   authorId  – the author's client id (lets the author drag their own pin)
 *   stage     – a resource's life (docs/ARCHITECTURE.md: 把握 → 不足 → 創出): 'created' marks a resource
 *               the neighbourhood newly created (often a former あったらいいな gap), which
 *               municipalities report as an outcome; absent: known (resources) or missing (gaps)
 */

/** The stored values of `stage`. */
export const RESOURCE_STAGES = ['created'] as const;
export type ResourceStage = (typeof RESOURCE_STAGES)[number];
export interface Item {
  id: string;
  text: string;
  category: string;
  column: string;
  x: number;
  y: number;
  lat?: number | undefined;
  lng?: number | undefined;
  color?: string | undefined;
  authorName: string;
  authorRole: string;
  authorId?: string | undefined;
  createdAt: number;
  updatedAt: number;
  votes: Record<string, number>;
  deletedAt?: number | undefined;
  areaId?: string | undefined;
  groupId?: string | undefined;
  address?: string | undefined;
  phone?: string | undefined;
  hours?: string | undefined;
  sourceKey?: string | undefined;
  stage?: ResourceStage | undefined;
  /** 掲載の同意 (issue 17): 'yes' | 'pending' | 'no'; absent for a public institution. */
  consent?: 'yes' | 'pending' | 'no' | undefined;
  /** Held back from the projector and viewers until staff release it (a sensitive word). */
  held?: boolean | undefined;
  /** Issue 14: when the facilitator lifted this issue to the city (市へ上げる); written by the server only. */
  liftedAt?: number | undefined;
  /** Issue 14: the district workshop a city-level note came from; written by the server only. */
  fromDistrict?: FromDistrict | undefined;
}

/** Where a city-level workshop's note came from (issue 14). */
export interface FromDistrict {
  workshopId: string;
  unitId: string;
  name: string;
}

export function isFromDistrict(v: unknown): v is FromDistrict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    Object.keys(r).every((k) => k === 'workshopId' || k === 'unitId' || k === 'name') &&
    typeof r.workshopId === 'string' &&
    r.workshopId.length <= 64 &&
    typeof r.unitId === 'string' &&
    r.unitId.length <= 64 &&
    typeof r.name === 'string' &&
    r.name.length <= 100
  );
}

/** What a caller supplies to create an item; the rest is filled in. */
export interface ItemInput {
  id?: string | undefined;
  text: string;
  category: string;
  column?: string | undefined;
  x?: number | undefined;
  y?: number | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  color?: string | undefined;
  authorName?: string | undefined;
  authorRole?: string | undefined;
  authorId?: string | undefined;
  areaId?: string | undefined;
  groupId?: string | undefined;
  address?: string | undefined;
  phone?: string | undefined;
  hours?: string | undefined;
  sourceKey?: string | undefined;
  stage?: ResourceStage | undefined;
  held?: boolean | undefined;
}

export const MAX_TEXT_LENGTH = 500;

export function validateItemInput(input: unknown, maxText = MAX_TEXT_LENGTH): Problems {
  const p: Problems = [];
  if (typeof input !== 'object' || input === null) return ['item must be an object'];
  const r = input as Record<string, unknown>;
  checkId(p, 'id', r.id, true);
  checkString(p, 'text', r.text, maxText);
  checkId(p, 'category', r.category);
  checkId(p, 'column', r.column, true);
  checkNumber(p, 'x', r.x, true);
  checkNumber(p, 'y', r.y, true);
  checkLatLng(p, r.lat, r.lng);
  checkColor(p, 'color', r.color, true);
  checkString(p, 'authorName', r.authorName, 40, true);
  checkString(p, 'authorRole', r.authorRole, 40, true);
  checkString(p, 'authorId', r.authorId, 64, true);
  checkId(p, 'areaId', r.areaId, true);
  checkId(p, 'groupId', r.groupId, true);
  checkString(p, 'address', r.address, 200, true);
  checkString(p, 'phone', r.phone, 40, true);
  checkString(p, 'hours', r.hours, 200, true);
  checkString(p, 'sourceKey', r.sourceKey, 200, true);
  if (r.held !== undefined && typeof r.held !== 'boolean') p.push('held must be true or false');
  if (r.stage !== undefined && !RESOURCE_STAGES.includes(r.stage as ResourceStage)) p.push(`stage must be one of ${RESOURCE_STAGES.join(', ')}`);
  return p;
}

const OPTIONAL_STRING_KEYS = ['color', 'authorId', 'areaId', 'groupId', 'address', 'phone', 'hours', 'sourceKey', 'stage'] as const;

/** Build the Y.Map for a new item (not yet inserted). */
export function itemToYMap(input: ItemInput & { id: string; column: string }, now: number): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  m.set('id', input.id);
  m.set('text', new Y.Text(input.text));
  m.set('category', input.category);
  m.set('column', input.column);
  m.set('x', input.x ?? 0);
  m.set('y', input.y ?? 0);
  if (input.lat !== undefined && input.lng !== undefined) {
    m.set('lat', input.lat);
    m.set('lng', input.lng);
  }
  m.set('authorName', input.authorName ?? '');
  m.set('authorRole', input.authorRole ?? '');
  m.set('createdAt', now);
  m.set('updatedAt', now);
  m.set('votes', new Y.Map<number>());
  for (const k of OPTIONAL_STRING_KEYS) if (input[k] !== undefined) m.set(k, input[k]);
  if (input.held === true) m.set('held', true);
  return m;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A plain snapshot of one item's Y.Map. */
export function readItem(m: Y.Map<unknown>): Item {
  const text = m.get('text');
  const votes = m.get('votes');
  const lat = num(m.get('lat'));
  const lng = num(m.get('lng'));
  const hasPos = lat !== undefined && lng !== undefined;
  return {
    id: String(m.get('id') ?? ''),
    text: text instanceof Y.Text ? text.toString() : String(text ?? ''),
    category: String(m.get('category') ?? ''),
    column: String(m.get('column') ?? 'pool'),
    x: num(m.get('x')) ?? 0,
    y: num(m.get('y')) ?? 0,
    lat: hasPos ? lat : undefined,
    lng: hasPos ? lng : undefined,
    color: str(m.get('color')),
    authorName: String(m.get('authorName') ?? ''),
    authorRole: String(m.get('authorRole') ?? ''),
    authorId: str(m.get('authorId')),
    createdAt: num(m.get('createdAt')) ?? 0,
    updatedAt: num(m.get('updatedAt')) ?? 0,
    votes: votes instanceof Y.Map ? (votes.toJSON() as Record<string, number>) : {},
    deletedAt: num(m.get('deletedAt')),
    areaId: str(m.get('areaId')),
    groupId: str(m.get('groupId')),
    address: str(m.get('address')),
    phone: str(m.get('phone')),
    hours: str(m.get('hours')),
    sourceKey: str(m.get('sourceKey')),
    stage: RESOURCE_STAGES.find((v) => v === m.get('stage')),
    consent: (['yes', 'pending', 'no'] as const).find((v) => v === m.get('consent')),
    held: m.get('held') === true ? true : undefined,
    liftedAt: num(m.get('liftedAt')),
    fromDistrict: isFromDistrict(m.get('fromDistrict')) ? (m.get('fromDistrict') as FromDistrict) : undefined,
  };
}

export function readItems(doc: Y.Doc, opts: { includeDeleted?: boolean } = {}): Item[] {
  const out: Item[] = [];
  itemsMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const item = readItem(m);
    if (opts.includeDeleted || item.deletedAt === undefined) out.push(item);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function totalVotes(item: Pick<Item, 'votes'>): number {
  return Object.values(item.votes).reduce((s, n) => s + (typeof n === 'number' ? n : 0), 0);
}

export const isPin = (item: Pick<Item, 'lat' | 'lng'>): boolean => item.lat !== undefined && item.lng !== undefined;
