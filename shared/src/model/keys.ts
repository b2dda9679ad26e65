import { ACTION_SIDES, ACTION_STATUSES, DATE_PATTERN, MAX_ACTION_HISTORY, MAX_ACTION_OWNER, MAX_ACTION_SOURCES, MAX_ACTION_TITLE, isActionChange } from './action.js';
import { AREA_KINDS } from './area.js';
import { MAX_OFFER_TEXT } from './offer.js';
import { CONNECTOR_ARROWS, CONNECTOR_STYLES, MAX_CONNECTOR_LABEL } from './connector.js';
import { CATEGORY_KINDS } from './defaults.js';
import { PHASES } from './meta.js';
import { RESOURCE_STAGES, isFromDistrict } from './item.js';
import { COLOR_PATTERN, ID_PATTERN } from './validate.js';
import { MAX_PRECISION_M, MIN_PRECISION_M } from '../privacy/precision.js';
import { CONSENT_VALUES, CONSULT_STATUSES, MAX_CONSULT_CONTACT, MAX_CONSULT_TEXT } from '../privacy/consult.js';

/**
 * The stored shape of every key of every root, as the server checks incoming writes
 * (server/src/authz): what kind of value each key holds and its bounds. A write of a key that
 * is not listed here, or of a value its check refuses, is refused for every role. When the
 * model gains a key or a root, it is added here (and in docs/PROTOCOL.md) in the same change.
 *
 * A check answers a problem (English, for logs and tests) or null. `type` checks say which
 * shared type a key holds (`Y.Map`, `Y.Text`, `Y.Array`): writing any other kind there is refused.
 */
export type ValueCheck = (v: unknown) => string | null;
export type SharedKind = 'map' | 'text' | 'array';
export type KeySpec = ValueCheck | { type: SharedKind };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const num =
  (min: number, max: number, integer = false): ValueCheck =>
  (v) =>
    isNum(v) && v >= min && v <= max && (!integer || Number.isInteger(v)) ? null : `must be a ${integer ? 'whole ' : ''}number in ${min}…${max}`;
const str =
  (max: number): ValueCheck =>
  (v) =>
    typeof v === 'string' && v.length <= max ? null : `must be a string of at most ${max} characters`;
export const id: ValueCheck = (v) => (typeof v === 'string' && ID_PATTERN.test(v) ? null : 'must be an id (letters, digits, _ or -)');
export const color: ValueCheck = (v) => (typeof v === 'string' && COLOR_PATTERN.test(v) ? null : 'must be a colour like #aabbcc');
export const bool: ValueCheck = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const oneOf =
  (values: readonly unknown[]): ValueCheck =>
  (v) =>
    values.includes(v) ? null : `must be one of ${values.join(', ')}`;
export const latLng: ValueCheck = (v) =>
  Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]) && Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 180 ? null : 'must be [lat, lng]';
/** Epoch milliseconds (0 allowed: "not set"). */
const time = num(0, 8.64e15);
const boardCoord = num(-1e7, 1e7);

/** An outline: 3 to 5,000 [lat, lng] corners. */
export const MAX_POLYGON_POINTS = 5000;
const polygon: ValueCheck = (v) => {
  if (!Array.isArray(v) || v.length < 3 || v.length > MAX_POLYGON_POINTS) return `must be 3 to ${MAX_POLYGON_POINTS} corners`;
  return v.every((p) => latLng(p) === null) ? null : 'every corner must be [lat, lng]';
};

const voteSettings: ValueCheck = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be {budget, active, revealed}';
  const r = v as Record<string, unknown>;
  if (Object.keys(r).some((k) => !['budget', 'active', 'revealed'].includes(k))) return 'has unknown keys';
  return num(0, 20, true)(r.budget) ?? bool(r.active) ?? bool(r.revealed);
};

/** Keys of an item (a note or a pin): the v1 keys and the extensions (see item.ts). */
export const ITEM_KEYS: Readonly<Record<string, KeySpec>> = {
  id,
  text: { type: 'text' },
  category: id,
  column: id,
  x: boardCoord,
  y: boardCoord,
  lat: num(-90, 90),
  lng: num(-180, 180),
  color,
  authorName: str(40),
  authorRole: str(40),
  authorId: str(64),
  createdAt: time,
  updatedAt: time,
  votes: { type: 'map' },
  deletedAt: time,
  areaId: id,
  groupId: id,
  address: str(200),
  phone: str(40),
  hours: str(200),
  sourceKey: str(200),
  stage: oneOf(RESOURCE_STAGES),
  /** `<workshopId>:<itemId>` of the earlier meeting's note this one was carried over from. */
  carriedFrom: str(140),
  /** 掲載の同意 of a resource that is a person's or group's own activity (issue 17); absent: a public institution. Staff only. */
  consent: oneOf(CONSENT_VALUES),
  /** A note with a sensitive word, held back from the projector and viewers until staff release it (issue 17). */
  held: bool,
  /** Issue 14: lifted to the city (市へ上げる), epoch ms. Written only by the server's lift route: no websocket writer (SERVER_ONLY_ITEM_KEYS). */
  liftedAt: time,
  /** Issue 14: the district a city-level note came from. Written only by the server (SERVER_ONLY_ITEM_KEYS). */
  fromDistrict: (v) => (isFromDistrict(v) ? null : 'must be {workshopId, unitId, name}'),
};

/** Item keys no websocket writer may write or remove, whatever its role (issue 14): the server's routes write them. */
export const SERVER_ONLY_ITEM_KEYS: ReadonlySet<string> = new Set(['liftedAt', 'fromDistrict']);

/** Meta keys only the facilitator writes (staff may not). */
export const FACILITATOR_META_KEYS: ReadonlySet<string> = new Set(['liftLimit']);
/** Default of `meta.liftLimit`: how many issues a district workshop may lift to the city at once. */
export const DEFAULT_LIFT_LIMIT = 2;
export const MAX_LIFT_LIMIT = 5;

/** The exact point of a need (restricted document, root exactPoints). */
export const EXACT_POINT_KEYS: Readonly<Record<string, KeySpec>> = { lat: num(-90, 90), lng: num(-180, 180), at: time };

/** A 「相談したい」 message (restricted document, root consultations). */
export const CONSULTATION_KEYS: Readonly<Record<string, KeySpec>> = {
  id,
  text: str(MAX_CONSULT_TEXT),
  contact: str(MAX_CONSULT_CONTACT),
  status: oneOf(CONSULT_STATUSES),
  name: str(40),
  kind: str(40),
  userId: str(64),
  createdAt: time,
  updatedAt: time,
};

/** A voter's dots on one item (`votes`: voterId → count). */
export const VOTE_KEY = str(64);
export const VOTE_COUNT = num(0, 20, true);

export const CATEGORY_KEYS: Readonly<Record<string, KeySpec>> = {
  id,
  label: str(60),
  labelEn: str(60),
  kind: oneOf(CATEGORY_KINDS),
  color,
  restricted: bool,
  icon: str(8),
};

export const COLUMN_KEYS: Readonly<Record<string, KeySpec>> = { id, label: str(60), labelEn: str(60), color };

export const AREA_KEYS: Readonly<Record<string, KeySpec>> = { id, name: str(100), kind: oneOf(AREA_KINDS), polygon };

/** A group and its frame on the board (schema 2). */
export const GROUP_KEYS: Readonly<Record<string, KeySpec>> = { id, name: str(60), x: boardCoord, y: boardCoord, w: num(0, 1e6), h: num(0, 1e6), color };

/** A connector between notes and frames (図式化). */
export const CONNECTOR_KEYS: Readonly<Record<string, KeySpec>> = {
  id,
  from: id,
  to: id,
  style: oneOf(CONNECTOR_STYLES),
  arrow: oneOf(CONNECTOR_ARROWS),
  label: str(MAX_CONNECTOR_LABEL),
  createdAt: time,
  updatedAt: time,
  deletedAt: time,
  authorId: str(64),
};

/** An action (follow-through). */
export const ACTION_KEYS: Readonly<Record<string, KeySpec>> = {
  id,
  title: (v) => (typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_ACTION_TITLE ? null : `must be 1–${MAX_ACTION_TITLE} characters`),
  side: oneOf(ACTION_SIDES),
  owner: str(MAX_ACTION_OWNER),
  status: oneOf(ACTION_STATUSES),
  checkAt: (v) => (typeof v === 'string' && DATE_PATTERN.test(v) ? null : 'must be a date YYYY-MM-DD'),
  sources: (v) => (Array.isArray(v) && v.length <= MAX_ACTION_SOURCES && v.every((s) => id(s) === null) ? null : `must be at most ${MAX_ACTION_SOURCES} ids`),
  history: (v) => (Array.isArray(v) && v.length <= MAX_ACTION_HISTORY && v.every(isActionChange) ? null : 'must be a list of status changes with their text'),
  createdAt: time,
  updatedAt: time,
  deletedAt: time,
  carriedFrom: str(140),
};

/** An offer of help (written by the server for participants, by staff directly). */
export const OFFER_KEYS: Readonly<Record<string, KeySpec>> = { id, text: str(MAX_OFFER_TEXT), category: id, areaId: id, createdAt: time, deletedAt: time };
/** Who made an offer (restricted document). */
export const OFFER_AUTHOR_KEYS: Readonly<Record<string, KeySpec>> = { name: str(40), kind: str(40), userId: str(64), at: time };

export const META_KEYS: Readonly<Record<string, KeySpec>> = {
  schema: num(0, 1000, true),
  title: str(100),
  district: str(100),
  center: latLng,
  zoom: num(0, 22),
  phase: oneOf(PHASES),
  createdAt: time,
  vote: voteSettings,
  /** 「前回の続き」: the workshop this one continues (same district), and its number in the series. */
  continuesFrom: id,
  session: num(1, 1000, true),
  /** Grid size in metres for needs outside every area (issue 17, area precision). */
  precisionM: num(MIN_PRECISION_M, MAX_PRECISION_M),
  /** The 窓口 a resident who asked 「相談したい」 is shown (issue 17): name and phone of the desk, staff-set. */
  consultDesk: str(200),
  /** Issue 14: how many issues may be lifted to the city at once (default 2); facilitator only. */
  liftLimit: num(0, 5, true),
};

export const TIMER_KEYS: Readonly<Record<string, KeySpec>> = {
  durationMs: num(0, 24 * 3600_000),
  remainingMs: num(-24 * 3600_000, 48 * 3600_000),
  endsAt: time,
  running: bool,
  startedBy: str(64),
};

/** Problems of a plain record against a key table (every key known and valid; absent keys are fine). */
export function recordProblems(keys: Readonly<Record<string, KeySpec>>, record: unknown): string[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return ['must be an object'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined) continue;
    const spec = keys[k];
    if (!spec) out.push(`unknown key ${k}`);
    else if (typeof spec === 'function') {
      const p = spec(v);
      if (p) out.push(`${k} ${p}`);
    }
  }
  return out;
}
