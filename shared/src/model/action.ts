import * as Y from 'yjs';
import { actionsMap } from './roots.js';

/**
 * An action (issue 15, follow-through): what will be done about one or more notes, by which
 * side and by whom, with a status that the next meeting checks. Stored as Y.Map in the root
 * `actions` (id → Y.Map `{id, title, side, owner, status, checkAt?, sources, history,
 * createdAt, updatedAt, deletedAt?, carriedFrom?}`), written by staff and the facilitator,
 * read by everyone.
 * - `sources`: ids of the notes and pins it came from (plain array).
 * - `history`: every status change with its date and the required 「どう変わったか」 text
 *   (plain array, appended; at most MAX_ACTION_HISTORY entries).
 * - `carriedFrom`: `<workshopId>:<actionId>` when 「前回の続きでつくる」 brought it over.
 */
export const ACTION_SIDES = ['gyosei', 'jumin', 'kyodo', 'senmon'] as const;
export type ActionSide = (typeof ACTION_SIDES)[number];
export const ACTION_SIDE_LABELS: Record<ActionSide, { ja: string; en: string }> = {
  gyosei: { ja: '行政', en: 'Administration' },
  jumin: { ja: '住民', en: 'Residents' },
  kyodo: { ja: '一緒に', en: 'Together' },
  senmon: { ja: '専門機関', en: 'Specialists' },
};

export const ACTION_STATUSES = ['kento', 'junbi', 'jisshi', 'kanryo', 'minaoshi'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, { ja: string; en: string }> = {
  kento: { ja: '検討中', en: 'Under discussion' },
  junbi: { ja: '準備中', en: 'Preparing' },
  jisshi: { ja: '実施中', en: 'Under way' },
  kanryo: { ja: '完了', en: 'Done' },
  minaoshi: { ja: '見直し', en: 'Rethinking' },
};

export const MAX_ACTION_TITLE = 200;
export const MAX_ACTION_OWNER = 60;
export const MAX_ACTION_SOURCES = 50;
export const MAX_ACTION_HISTORY = 100;
export const MAX_CHANGE_TEXT = 300;

export interface ActionChange {
  at: number;
  from: ActionStatus;
  to: ActionStatus;
  /** 「どう変わったか」: what changed, in the writer's words (required for a status change). */
  text: string;
  by: string;
}

export interface ActionRecord {
  id: string;
  title: string;
  side: ActionSide;
  owner: string;
  status: ActionStatus;
  /** The next check, as a calendar date `YYYY-MM-DD` ('' when none). */
  checkAt: string;
  sources: string[];
  history: ActionChange[];
  createdAt: number;
  updatedAt: number;
  deletedAt?: number | undefined;
  carriedFrom?: string | undefined;
}

export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const oneOf = <T extends string>(values: readonly T[], v: unknown, d: T): T => ((values as readonly unknown[]).includes(v) ? (v as T) : d);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Whether `v` is a valid history entry (the server's check of `history`). */
export function isActionChange(v: unknown): v is ActionChange {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    Object.keys(r).every((k) => ['at', 'from', 'to', 'text', 'by'].includes(k)) &&
    typeof r.at === 'number' &&
    Number.isFinite(r.at) &&
    (ACTION_STATUSES as readonly unknown[]).includes(r.from) &&
    (ACTION_STATUSES as readonly unknown[]).includes(r.to) &&
    typeof r.text === 'string' &&
    r.text.trim().length > 0 &&
    r.text.length <= MAX_CHANGE_TEXT &&
    typeof r.by === 'string' &&
    r.by.length <= 40
  );
}

export function readAction(m: Y.Map<unknown>): ActionRecord {
  const sources = m.get('sources');
  const history = m.get('history');
  const deletedAt = m.get('deletedAt');
  const carriedFrom = m.get('carriedFrom');
  const checkAt = m.get('checkAt');
  return {
    id: String(m.get('id') ?? ''),
    title: String(m.get('title') ?? ''),
    side: oneOf(ACTION_SIDES, m.get('side'), 'kyodo'),
    owner: String(m.get('owner') ?? ''),
    status: oneOf(ACTION_STATUSES, m.get('status'), 'kento'),
    checkAt: typeof checkAt === 'string' && DATE_PATTERN.test(checkAt) ? checkAt : '',
    sources: Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [],
    history: Array.isArray(history) ? history.filter(isActionChange) : [],
    createdAt: num(m.get('createdAt')),
    updatedAt: num(m.get('updatedAt')),
    deletedAt: typeof deletedAt === 'number' ? deletedAt : undefined,
    carriedFrom: typeof carriedFrom === 'string' ? carriedFrom : undefined,
  };
}

/** Live actions (not deleted), oldest first; `includeDeleted` for the trash. */
export function readActions(doc: Y.Doc, opts: { includeDeleted?: boolean } = {}): ActionRecord[] {
  const out: ActionRecord[] = [];
  actionsMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const a = readAction(m);
    if (opts.includeDeleted || a.deletedAt === undefined) out.push(a);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
