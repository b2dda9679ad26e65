import * as Y from 'yjs';
import { readCategories } from '../model/category.js';
import { itemsMap, metaMap, ROOT } from '../model/roots.js';
import { SERVER, type TxOrigin } from '../origins.js';
import { readVote, type VoteResult } from './vote.js';

/**
 * Dots kept where participants cannot read them until the reveal (issue 11). Every dot is cast
 * through the server (POST /api/workshops/:id/votes), which keeps the ballots in the restricted
 * document's root `ballots` (itemId → Y.Map voterId → count; staff only) and writes the tallies
 * into the public document's `votes` maps only when the facilitator reveals them. A
 * participant's device therefore never holds anyone's dots before the reveal — not even in
 * developer tools. Every function here runs on the server, with the server origin.
 */
export const ballotsMap = (restrictedDoc: Y.Doc): Y.Map<Y.Map<number>> => restrictedDoc.getMap(ROOT.ballots);

/** This voter's dots by item (every item they are on). */
export function myDots(restrictedDoc: Y.Doc, voterId: string): Record<string, number> {
  const out: Record<string, number> = {};
  ballotsMap(restrictedDoc).forEach((b, itemId) => {
    const n = b instanceof Y.Map ? b.get(voterId) : undefined;
    if (typeof n === 'number' && n > 0) out[itemId] = n;
  });
  return out;
}

/** Dots the voter has on live notes of the public document (what counts against the budget). */
export function ballotDotsUsed(publicDoc: Y.Doc, restrictedDoc: Y.Doc, voterId: string): number {
  const items = itemsMap(publicDoc);
  let n = 0;
  for (const [itemId, count] of Object.entries(myDots(restrictedDoc, voterId))) {
    const m = items.get(itemId);
    if (m instanceof Y.Map && m.get('deletedAt') === undefined) n += count;
  }
  return n;
}

/** Place (+1) or take back (−1) one dot. The budget is the running vote's. */
export function castDot(publicDoc: Y.Doc, restrictedDoc: Y.Doc, itemId: string, voterId: string, delta: 1 | -1, origin: TxOrigin = SERVER): VoteResult {
  const vote = readVote(publicDoc);
  if (!vote.active) return 'no-vote';
  const m = itemsMap(publicDoc).get(itemId);
  const restricted = new Set(readCategories(publicDoc).filter((c) => c.restricted).map((c) => c.id));
  if (!(m instanceof Y.Map) || m.get('deletedAt') !== undefined || restricted.has(String(m.get('category')))) return 'no-item';
  const current = ballotsMap(restrictedDoc).get(itemId)?.get(voterId) ?? 0;
  if (delta > 0 && ballotDotsUsed(publicDoc, restrictedDoc, voterId) >= vote.budget) return 'budget-exhausted';
  if (delta < 0 && current <= 0) return 'none-to-remove';
  restrictedDoc.transact(() => {
    let b = ballotsMap(restrictedDoc).get(itemId);
    if (!(b instanceof Y.Map)) {
      b = new Y.Map<number>();
      ballotsMap(restrictedDoc).set(itemId, b);
    }
    if (current + delta <= 0) b.delete(voterId);
    else b.set(voterId, current + delta);
  }, origin);
  return 'ok';
}

/** Forget every ballot (a vote started over with «clear»). */
export function clearBallots(restrictedDoc: Y.Doc, origin: TxOrigin = SERVER): void {
  restrictedDoc.transact(() => ballotsMap(restrictedDoc).clear(), origin);
}

/**
 * Reveal (or hide again) the result: revealing writes every item's tally into its public
 * `votes` map (voterId → count, as before ballots existed, so the summary and the exports read
 * it); hiding clears them from the public document again (the ballots stay).
 */
export function setRevealed(publicDoc: Y.Doc, restrictedDoc: Y.Doc, revealed: boolean, origin: TxOrigin = SERVER): void {
  const vote = readVote(publicDoc);
  publicDoc.transact(() => {
    metaMap(publicDoc).set('vote', { ...vote, revealed });
    itemsMap(publicDoc).forEach((item, itemId) => {
      if (!(item instanceof Y.Map)) return;
      let votes = item.get('votes');
      if (!(votes instanceof Y.Map)) {
        votes = new Y.Map<number>();
        item.set('votes', votes);
      }
      const v = votes as Y.Map<number>;
      const ballot = ballotsMap(restrictedDoc).get(itemId);
      const want = revealed && ballot instanceof Y.Map ? ballot.toJSON() : {};
      for (const k of [...v.keys()]) if (!(k in want)) v.delete(k);
      for (const [k, n] of Object.entries(want)) if (v.get(k) !== n) v.set(k, n as number);
    });
  }, origin);
}
