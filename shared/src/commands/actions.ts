import * as Y from 'yjs';
import { newId } from '../ids.js';
import {
  ACTION_SIDES,
  ACTION_STATUSES,
  DATE_PATTERN,
  MAX_ACTION_HISTORY,
  MAX_ACTION_OWNER,
  MAX_ACTION_SOURCES,
  MAX_ACTION_TITLE,
  MAX_CHANGE_TEXT,
  readAction,
  type ActionChange,
  type ActionSide,
  type ActionStatus,
} from '../model/action.js';
import { actionsMap, toYMap } from '../model/roots.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';

/**
 * Commands on actions (follow-through). A status change always carries its 「どう変わったか」
 * text, kept with the date in the action's history.
 */
const nowOf = (o: CommandOptions) => o.now ?? Date.now();

export interface ActionInput {
  title: string;
  side: ActionSide;
  owner?: string;
  status?: ActionStatus;
  checkAt?: string;
  sources?: readonly string[];
  carriedFrom?: string;
  history?: readonly ActionChange[];
}

/** Problems of an action's fields (empty when valid). */
export function validateActionInput(input: Partial<ActionInput>): string[] {
  const p: string[] = [];
  if (input.title !== undefined && (typeof input.title !== 'string' || input.title.trim() === '' || input.title.length > MAX_ACTION_TITLE)) p.push(`title must be 1–${MAX_ACTION_TITLE} characters`);
  if (input.side !== undefined && !ACTION_SIDES.includes(input.side)) p.push(`side must be one of ${ACTION_SIDES.join(', ')}`);
  if (input.owner !== undefined && (typeof input.owner !== 'string' || input.owner.length > MAX_ACTION_OWNER)) p.push(`owner must be at most ${MAX_ACTION_OWNER} characters`);
  if (input.status !== undefined && !ACTION_STATUSES.includes(input.status)) p.push(`status must be one of ${ACTION_STATUSES.join(', ')}`);
  if (input.checkAt !== undefined && input.checkAt !== '' && !DATE_PATTERN.test(input.checkAt)) p.push('checkAt must be a date YYYY-MM-DD');
  if (input.sources !== undefined && input.sources.length > MAX_ACTION_SOURCES) p.push(`at most ${MAX_ACTION_SOURCES} sources`);
  return p;
}

/** Make an action from notes/pins (or from nothing). Returns its id; throws on invalid input. */
export function createAction(doc: Y.Doc, input: ActionInput, opts: CommandOptions = {}): string {
  const problems = validateActionInput(input);
  if (problems.length) throw new Error(problems.join('; '));
  const id = 'a-' + newId(10);
  const now = nowOf(opts);
  doc.transact(() => {
    actionsMap(doc).set(
      id,
      toYMap({
        id,
        title: input.title.trim(),
        side: input.side,
        owner: (input.owner ?? '').trim(),
        status: input.status ?? 'kento',
        checkAt: input.checkAt || undefined,
        sources: [...(input.sources ?? [])],
        history: [...(input.history ?? [])],
        createdAt: now,
        updatedAt: now,
        carriedFrom: input.carriedFrom,
      }),
    );
  }, opts.origin ?? LOCAL);
  return id;
}

/** Change what, who, which side or when to check (not the status: setActionStatus). */
export function updateAction(
  doc: Y.Doc,
  id: string,
  fields: Partial<Pick<ActionInput, 'title' | 'side' | 'owner' | 'checkAt' | 'sources'>>,
  opts: CommandOptions = {},
): boolean {
  const m = actionsMap(doc).get(id);
  if (!(m instanceof Y.Map) || validateActionInput(fields).length > 0) return false;
  doc.transact(() => {
    if (fields.title !== undefined) m.set('title', fields.title.trim());
    if (fields.side !== undefined) m.set('side', fields.side);
    if (fields.owner !== undefined) m.set('owner', fields.owner.trim());
    if (fields.checkAt !== undefined) {
      if (fields.checkAt === '') m.delete('checkAt');
      else m.set('checkAt', fields.checkAt);
    }
    if (fields.sources !== undefined) m.set('sources', [...fields.sources]);
    m.set('updatedAt', nowOf(opts));
  }, opts.origin ?? LOCAL);
  return true;
}

export type StatusResult = 'ok' | 'no-action' | 'text-required' | 'invalid' | 'unchanged';

/** Change the status with the required 「どう変わったか」 text; the change is kept in the history. */
export function setActionStatus(doc: Y.Doc, id: string, status: ActionStatus, text: string, by: string, opts: CommandOptions = {}): StatusResult {
  const m = actionsMap(doc).get(id);
  if (!(m instanceof Y.Map)) return 'no-action';
  if (!ACTION_STATUSES.includes(status)) return 'invalid';
  const clean = text.trim().slice(0, MAX_CHANGE_TEXT);
  if (!clean) return 'text-required';
  const current = readAction(m);
  if (current.status === status) return 'unchanged';
  const change: ActionChange = { at: nowOf(opts), from: current.status, to: status, text: clean, by: by.slice(0, 40) };
  doc.transact(() => {
    m.set('status', status);
    m.set('history', [...current.history, change].slice(-MAX_ACTION_HISTORY));
    m.set('updatedAt', change.at);
  }, opts.origin ?? LOCAL);
  return 'ok';
}

export function deleteActions(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = actionsMap(doc).get(id);
      if (m instanceof Y.Map && m.get('deletedAt') === undefined) m.set('deletedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

export function restoreActions(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = actionsMap(doc).get(id);
      if (m instanceof Y.Map) m.delete('deletedAt');
    }
  }, opts.origin ?? LOCAL);
}
