import * as Y from 'yjs';
import { DEFAULT_LIFT_LIMIT, getItemMap, isWorkshopId, readCategories, readColumns, readItem, readItems, ROOT, SERVER } from '@tsunagu/shared';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/** `meta.liftLimit` of a public document (default 2). */
export function liftLimitOf(doc: Y.Doc): number {
  const v = doc.getMap(ROOT.meta).get('liftLimit');
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 5 ? v : DEFAULT_LIFT_LIMIT;
}

/**
 * `POST /api/workshops/:id/lift {itemId, lifted}` — 「市へ上げる」 (issue 14): the facilitator of a
 * district workshop lifts an issue to the city (or takes it back). The item must be a live
 * public note of an issue category (not a resource, gap or place) in one of the lanes; at
 * most `meta.liftLimit` (default 2) are lifted at once (409 `{error, reason: 'limit', limit}`).
 * The server writes `liftedAt` on the item with its own origin: no websocket writer may
 * write or remove `liftedAt` (the policy refuses it, close 4413).
 */
export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/:id/lift', async (ctx) => {
    const id = ctx.params.id;
    if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
    if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
    const principal = ctx.requireAuth(id);
    if (principal.role !== 'facilitator') throw new HttpError(403, 'only the facilitator lifts issues to the city');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be an object');
    const itemId = body.itemId;
    if (typeof itemId !== 'string' || !itemId) throw new HttpError(400, 'itemId is required');
    if (typeof body.lifted !== 'boolean') throw new HttpError(400, 'lifted must be true or false');
    const h = await deps.rooms.open(id);
    try {
      const doc = h.doc;
      const m = getItemMap(doc, itemId);
      if (!m) throw new HttpError(400, 'no such note on the public board');
      const item = readItem(m);
      if (item.deletedAt !== undefined) throw new HttpError(400, 'the note is in the trash');
      if (item.held && body.lifted) throw new HttpError(400, 'the note is held back (a sensitive word); staff release it before it can go to the city');
      const cat = readCategories(doc).find((c) => c.id === item.category);
      if (!cat || cat.restricted || cat.kind !== 'need') throw new HttpError(400, 'only an issue (a note of a need category) can be lifted to the city');
      if (!readColumns(doc).some((c) => c.id === item.column)) throw new HttpError(400, 'the note is not in an issue lane');
      const limit = liftLimitOf(doc);
      const liftedNow = readItems(doc).filter((i) => i.liftedAt !== undefined && i.id !== itemId).length;
      if (body.lifted && item.liftedAt === undefined) {
        if (liftedNow >= limit) {
          ctx.json(409, { error: `at most ${limit} issues can be lifted to the city from one workshop`, reason: 'limit', limit });
          return;
        }
        doc.transact(() => m.set('liftedAt', Date.now()), SERVER);
      } else if (!body.lifted && item.liftedAt !== undefined) {
        doc.transact(() => m.delete('liftedAt'), SERVER);
      }
      await h.room.persistence.flush();
      const liftedAt = readItem(m).liftedAt;
      const count = liftedNow + (liftedAt !== undefined ? 1 : 0);
      ctx.json(200, { itemId, lifted: liftedAt !== undefined, ...(liftedAt !== undefined ? { liftedAt } : {}), limit, remaining: Math.max(0, limit - count) });
    } finally {
      h.release();
    }
  });

  /**
   * `POST /api/workshops/:id/end {ended}` — the facilitator marks the workshop 終了 (or takes it
   * back) in the coordinator's list (issue 14; the coordinator's route is
   * `POST /api/orgs/:org/workshops/:id/end`). → `200 {ended, endedAt}`.
   */
  router.post('/api/workshops/:id/end', async (ctx) => {
    const id = ctx.params.id;
    if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
    if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
    const principal = ctx.requireAuth(id);
    if (principal.role !== 'facilitator') throw new HttpError(403, 'only the facilitator marks the workshop ended');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || typeof body.ended !== 'boolean') throw new HttpError(400, 'ended must be true or false');
    const endedAt = body.ended ? Date.now() : null;
    await deps.store.setWorkshopEnded(id, endedAt);
    ctx.json(200, { ended: body.ended, endedAt });
  });
}
