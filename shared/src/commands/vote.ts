import * as Y from 'yjs';
import { itemsMap, metaMap } from '../model/roots.js';
import { readItems, totalVotes, type Item } from '../model/item.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';

/**
 * Dot voting. Settings live in the v1 `meta` map under the extension key `vote`
 * (`{budget, active, revealed}`; absent means no vote yet); dots live in each item's v1
 * `votes` map (voterId → count). The budget is checked against the voter's dots on live
 * items. Tallies are hidden in the UI until `revealed`.
 */
export interface VoteSettings {
  budget: number;
  active: boolean;
  revealed: boolean;
}

export const NO_VOTE: VoteSettings = { budget: 0, active: false, revealed: false };

export function readVote(doc: Y.Doc): VoteSettings {
  const v = metaMap(doc).get('vote') as Partial<VoteSettings> | undefined;
  if (!v || typeof v !== 'object') return NO_VOTE;
  return { budget: typeof v.budget === 'number' ? v.budget : 0, active: v.active === true, revealed: v.revealed === true };
}

/** Start (or restart) a vote with `budget` dots per participant; tallies hidden. */
export function startVote(doc: Y.Doc, budget: number, opts: CommandOptions & { clear?: boolean } = {}): void {
  const b = Math.max(1, Math.min(20, Math.floor(budget)));
  doc.transact(() => {
    metaMap(doc).set('vote', { budget: b, active: true, revealed: false });
    if (opts.clear) itemsMap(doc).forEach((m) => (m.get('votes') as Y.Map<number> | undefined)?.clear());
  }, opts.origin ?? LOCAL);
}

export function endVote(doc: Y.Doc, opts: CommandOptions = {}): void {
  const v = readVote(doc);
  doc.transact(() => metaMap(doc).set('vote', { ...v, active: false }), opts.origin ?? LOCAL);
}

export function revealVote(doc: Y.Doc, revealed = true, opts: CommandOptions = {}): void {
  const v = readVote(doc);
  doc.transact(() => metaMap(doc).set('vote', { ...v, revealed }), opts.origin ?? LOCAL);
}

/** Dots a voter has placed on live items. */
export function dotsUsed(doc: Y.Doc, voterId: string): number {
  let n = 0;
  itemsMap(doc).forEach((m) => {
    if (m.get('deletedAt') !== undefined) return;
    const votes = m.get('votes');
    if (votes instanceof Y.Map) n += (votes.get(voterId) as number | undefined) ?? 0;
  });
  return n;
}

export type VoteResult = 'ok' | 'no-vote' | 'budget-exhausted' | 'no-item' | 'none-to-remove';

/** Place one dot. Refused when no vote is running or the voter's budget is used up. */
export function placeDot(doc: Y.Doc, itemId: string, voterId: string, opts: CommandOptions = {}): VoteResult {
  const v = readVote(doc);
  if (!v.active) return 'no-vote';
  const m = itemsMap(doc).get(itemId);
  if (!(m instanceof Y.Map) || m.get('deletedAt') !== undefined) return 'no-item';
  if (dotsUsed(doc, voterId) >= v.budget) return 'budget-exhausted';
  doc.transact(() => {
    let votes = m.get('votes');
    if (!(votes instanceof Y.Map)) {
      votes = new Y.Map<number>();
      m.set('votes', votes);
    }
    const vm = votes as Y.Map<number>;
    vm.set(voterId, (vm.get(voterId) ?? 0) + 1);
  }, opts.origin ?? LOCAL);
  return 'ok';
}

/** Take one of the voter's dots back from an item. */
export function removeDot(doc: Y.Doc, itemId: string, voterId: string, opts: CommandOptions = {}): VoteResult {
  if (!readVote(doc).active) return 'no-vote';
  const m = itemsMap(doc).get(itemId);
  const votes = m instanceof Y.Map ? m.get('votes') : undefined;
  if (!(votes instanceof Y.Map)) return 'no-item';
  const n = (votes.get(voterId) as number | undefined) ?? 0;
  if (n <= 0) return 'none-to-remove';
  doc.transact(() => {
    if (n === 1) votes.delete(voterId);
    else votes.set(voterId, n - 1);
  }, opts.origin ?? LOCAL);
  return 'ok';
}

export interface Tally {
  item: Item;
  total: number;
}

/** Live items with their totals, most dots first (ties: oldest first). */
export function voteResults(doc: Y.Doc): Tally[] {
  return readItems(doc)
    .map((item) => ({ item, total: totalVotes(item) }))
    .sort((a, b) => b.total - a.total || a.item.createdAt - b.item.createdAt);
}
