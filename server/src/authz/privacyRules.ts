import * as Y from 'yjs';
import { ROOT, findSensitiveWords, isCoarse, precisionMeters, readAreas, readCategories } from '@tsunagu/shared';
import type { Refusal } from '../extensions/extension.js';
import type { UpdateWrites } from './updateWrites.js';

/**
 * Issue 17's rules for writes into the public document, called by the policy (policy.ts)
 * after the role checks, for every role:
 *
 * - Area precision: an item of a need category (kind 'need') whose update sets or keeps a
 *   lat/lng (or changes its category) must hold a coarse point (`isCoarse`: an area's
 *   representative point or the centre of its `meta.precisionM` grid cell). The exact point
 *   goes to the restricted document (`exactPoints`), never here.
 * - Sensitive words: a participant's note whose text (after the update) holds a word of the
 *   sensitive list (ごみ屋敷, ひきこもり, 支援拒否 …) must carry `held: true`; only staff and
 *   the facilitator clear it (policy.ts), so the note stays off the projector until released.
 *
 * Nothing is rewritten: a write that breaks a rule is refused with its notice.
 */
export function checkItemPrivacy(doc: Y.Doc, w: UpdateWrites, touched: ReadonlySet<string>, who: { participant: boolean }): Refusal | null {
  if (touched.size === 0) return null;
  const items = doc.getMap<Y.Map<unknown>>(ROOT.items);
  // The values this update gives each touched item's plain keys, and the characters it inserts.
  const written = new Map<string, Map<string, unknown>>();
  const inserted = new Map<string, string>();
  for (const wr of w.writes) {
    const path = wr.parent.path;
    if (path[0] !== ROOT.items || path.length < 2) continue;
    const id = path[1]!;
    if (path.length === 2 && wr.key !== null && wr.content instanceof Y.ContentAny) {
      let m = written.get(id);
      if (!m) written.set(id, (m = new Map()));
      m.set(wr.key, wr.content.arr[0]);
    } else if (path.length === 3 && path[2] === 'text' && wr.content instanceof Y.ContentString) {
      inserted.set(id, (inserted.get(id) ?? '') + wr.content.str);
    }
  }
  let needIds: Set<string> | null = null;
  let areas: ReturnType<typeof readAreas> | null = null;
  for (const id of touched) {
    const mine = written.get(id);
    const existing = items.get(id);
    const value = (key: string): unknown => (mine?.has(key) ? mine.get(key) : existing instanceof Y.Map ? existing.get(key) : undefined);
    if (mine && (mine.has('lat') || mine.has('lng') || mine.has('category'))) {
      needIds ??= new Set(readCategories(doc).filter((c) => c.kind === 'need' && !c.restricted).map((c) => c.id));
      const lat = value('lat');
      const lng = value('lng');
      if (needIds.has(String(value('category'))) && typeof lat === 'number' && typeof lng === 'number') {
        areas ??= readAreas(doc);
        if (!isCoarse(lat, lng, areas, precisionMeters(doc.getMap(ROOT.meta).get('precisionM')))) {
          return { code: 'invalid-value', detail: `a need's point in the public document must be at area precision (item ${id}); the exact point goes to the restricted document` };
        }
      }
    }
    const added = inserted.get(id);
    if (who.participant && added !== undefined && value('held') !== true) {
      const text = existing instanceof Y.Map && existing.get('text') instanceof Y.Text ? String(existing.get('text')) : '';
      // The inserted characters are checked alone and appended to the stored text: a word typed
      // into the middle of a note is caught either way once it is whole in one update.
      if (findSensitiveWords(added).length > 0 || findSensitiveWords(text + added).length > findSensitiveWords(text).length) {
        return { code: 'not-allowed', detail: `a note with a sensitive word must be sent held (held: true) until staff release it (item ${id})` };
      }
    }
  }
  return null;
}
