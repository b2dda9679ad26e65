import * as Y from 'yjs';
import { readActions } from '../model/action.js';
import { readCategories } from '../model/category.js';
import { readItems } from '../model/item.js';
import { readMeta } from '../model/meta.js';
import { ROOT, actionsMap, areasMap, categoriesArray, columnsArray, connectorsMap, groupsMap, itemsMap, metaMap } from '../model/roots.js';
import { SERVER } from '../origins.js';


/**
 * 「前回の続きでつくる」: fill the fresh document of the next meeting of the same district from
 * the earlier one's public document. What comes along, linked to where it came from:
 * - the lanes and categories as they were (custom ones included), and every area outline;
 * - every live action, with its status and history (`carriedFrom` `<workshopId>:<actionId>`);
 * - every live resource and あったらいいな (the map grows meeting by meeting), and every live
 *   issue that is not the source of an action marked 完了 (`carriedFrom` on each item);
 * - the frames and connectors between what came along.
 * Votes start empty; nothing of the restricted document comes along (the server never reads
 * it for this). The new meeting opens at 振り返り (`review`). Ids stay the same, so an action's
 * `sources` still point at its notes. Runs with the server origin.
 */
export interface ContinueOptions {
  fromWorkshopId: string;
  title: string;
  now: number;
}

function copyPlain(from: Y.Map<unknown>, skip: ReadonlySet<string> = new Set()): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of from.entries()) {
    if (skip.has(k) || v instanceof Y.AbstractType) continue;
    m.set(k, v);
  }
  return m;
}

export function continueWorkshop(from: Y.Doc, to: Y.Doc, opts: ContinueOptions): { actions: number; items: number; areas: number } {
  const meta = readMeta(from);
  const kindOf = new Map(readCategories(from).map((c) => [c.id, c] as const));
  const actions = readActions(from);
  const done = new Set(actions.filter((a) => a.status === 'kanryo').flatMap((a) => a.sources));
  const carry = readItems(from).filter((i) => {
    const cat = kindOf.get(i.category);
    if (!cat || cat.restricted) return false;
    if (cat.kind === 'resource' || cat.kind === 'gap' || cat.kind === 'place') return true;
    return !done.has(i.id);
  });
  const carried = new Set(carry.map((i) => i.id));
  const counts = { actions: actions.length, items: carry.length, areas: areasMap(from).size };
  to.transact(() => {
    const m = metaMap(to);
    m.set('title', opts.title);
    m.set('district', meta.district);
    m.set('center', meta.center);
    m.set('zoom', meta.zoom);
    m.set('phase', 'review');
    m.set('continuesFrom', opts.fromWorkshopId);
    m.set('session', meta.session + 1);
    for (const [arr, src] of [
      [columnsArray(to), columnsArray(from)],
      [categoriesArray(to), categoriesArray(from)],
    ] as const) {
      if (src.length === 0) continue;
      arr.delete(0, arr.length);
      arr.push(src.toArray().filter((x): x is Y.Map<unknown> => x instanceof Y.Map).map((x) => copyPlain(x)));
    }
    areasMap(from).forEach((a, id) => a instanceof Y.Map && areasMap(to).set(id, copyPlain(a)));
    for (const id of carried) {
      const src = itemsMap(from).get(id)!;
      const item = copyPlain(src, new Set(['votes', 'deletedAt']));
      const text = src.get('text');
      item.set('text', new Y.Text(text instanceof Y.Text ? text.toString() : String(text ?? '')));
      item.set('votes', new Y.Map<number>());
      item.set('carriedFrom', `${opts.fromWorkshopId}:${id}`);
      itemsMap(to).set(id, item);
    }
    for (const a of actions) {
      const src = actionsMap(from).get(a.id)!;
      const copy = copyPlain(src);
      copy.set('carriedFrom', `${opts.fromWorkshopId}:${a.id}`);
      copy.set('sources', a.sources.filter((s) => carried.has(s)));
      actionsMap(to).set(a.id, copy);
    }
    const groups = new Set(carry.map((i) => i.groupId).filter((g): g is string => !!g));
    groupsMap(from).forEach((g, id) => groups.has(id) && g instanceof Y.Map && groupsMap(to).set(id, copyPlain(g)));
    connectorsMap(from).forEach((c, id) => {
      if (!(c instanceof Y.Map) || c.get('deletedAt') !== undefined) return;
      const ends = [c.get('from'), c.get('to')] as string[];
      if (ends.every((e) => carried.has(e) || groups.has(e))) connectorsMap(to).set(id, copyPlain(c));
    });
  }, SERVER);
  return counts;
}

/** Roots continueWorkshop writes (for documentation and tests). */
export const CONTINUED_ROOTS = [ROOT.meta, ROOT.columns, ROOT.categories, ROOT.areas, ROOT.items, ROOT.actions, ROOT.groups, ROOT.connectors] as const;
