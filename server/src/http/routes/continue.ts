import { continueWorkshop, isWorkshopId, readMeta } from '@tsunagu/shared';
import { createWorkshop } from '../../workshops/createWorkshop.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * `POST /api/workshops/:id/continue {title?}` — 「前回の続きでつくる」: the facilitator of a
 * workshop creates the next meeting of the same district from it (continueWorkshop: lanes,
 * categories, areas, resources, unresolved issues and actions come along, linked to where they
 * came from). Answers like workshop creation: `201 {id, joinCode, facilitatorToken, staffToken,
 * viewerToken}`. A stale link (no such workshop) is 404; any token but that workshop's
 * facilitator's is 401/403.
 */
export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/:id/continue', async (ctx) => {
    const fromId = ctx.params.id;
    if (!isWorkshopId(fromId)) throw new HttpError(400, 'invalid workshop id');
    if (!(await deps.store.getWorkshop(fromId))) throw new HttpError(404, 'no such workshop (the link to the earlier meeting is stale)');
    const principal = ctx.requireAuth(fromId);
    if (principal.role !== 'facilitator') throw new HttpError(403, 'only the facilitator of the earlier meeting can continue it');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    const requested = body && typeof body === 'object' && typeof body.title === 'string' ? body.title.trim() : '';
    if (requested.length > 100) throw new HttpError(400, 'title must be at most 100 characters');
    const from = await deps.rooms.open(fromId);
    try {
      const meta = readMeta(from.doc);
      const title = requested || `${meta.title.replace(/（第\d+回）$/, '')}（第${meta.session + 1}回）`.slice(0, 100);
      const created = await createWorkshop(deps, { title, district: meta.district, center: meta.center, zoom: meta.zoom }, (doc, now) =>
        continueWorkshop(from.doc, doc, { fromWorkshopId: fromId, title, now }),
      );
      ctx.json(201, created);
    } finally {
      from.release();
    }
  });
}
