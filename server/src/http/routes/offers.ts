import * as Y from 'yjs';
import { MAX_OFFER_TEXT, SERVER, newId, offerAuthorsMap, offersMap, readAreas, readCategories, readOffers, toYMap } from '@tsunagu/shared';
import { requireWriter, withBothDocs } from '../../workshops/writerRoutes.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * 「私にできること」 (offers of help), written by the server so that who offered never reaches
 * the public document: the offer (text, category, area) goes to the public `offers`, the
 * nickname, kind and user id to the restricted `offerAuthors` (staff only).
 *   POST   /api/workshops/:id/offers {text, category, areaId?} → 201 {id}  (any token that may write)
 *   GET    /api/workshops/:id/offers/mine → {offers: [...]}                (this token's own)
 *   DELETE /api/workshops/:id/offers/:offerId → 204                         (its author, or staff)
 */
export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/:id/offers', async (ctx) => {
    const principal = await requireWriter(ctx, deps);
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') throw new HttpError(400, 'body must be an object');
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text || text.length > MAX_OFFER_TEXT) throw new HttpError(400, `text must be 1–${MAX_OFFER_TEXT} characters`);
    const id = await withBothDocs(deps, principal.workshopId, (pub, res) => {
      const category = readCategories(pub).find((c) => c.id === body.category);
      if (!category || category.restricted) throw new HttpError(400, 'category must be one of the workshop’s public categories');
      if (body.areaId !== undefined && !readAreas(pub).some((a) => a.id === body.areaId)) throw new HttpError(400, 'areaId must be one of the workshop’s areas');
      const offerId = 'o-' + newId(10);
      const now = Date.now();
      pub.transact(() => offersMap(pub).set(offerId, toYMap({ id: offerId, text, category: category.id, areaId: body.areaId as string | undefined, createdAt: now })), SERVER);
      res.transact(() => offerAuthorsMap(res).set(offerId, toYMap({ name: principal.name.slice(0, 40), kind: principal.kind, userId: principal.userId, at: now })), SERVER);
      return offerId;
    });
    ctx.json(201, { id });
  });

  router.get('/api/workshops/:id/offers/mine', async (ctx) => {
    const principal = await requireWriter(ctx, deps);
    const offers = await withBothDocs(deps, principal.workshopId, (pub, res) => {
      const mine = new Set<string>();
      offerAuthorsMap(res).forEach((m, id) => m instanceof Y.Map && m.get('userId') === principal.userId && mine.add(id));
      return readOffers(pub).filter((o) => mine.has(o.id));
    });
    ctx.json(200, { offers });
  });

  router.delete('/api/workshops/:id/offers/:offerId', async (ctx) => {
    const principal = await requireWriter(ctx, deps);
    const offerId = ctx.params.offerId ?? '';
    await withBothDocs(deps, principal.workshopId, (pub, res) => {
      const offer = offersMap(pub).get(offerId);
      if (!(offer instanceof Y.Map)) throw new HttpError(404, 'no such offer');
      const author = offerAuthorsMap(res).get(offerId);
      const own = author instanceof Y.Map && author.get('userId') === principal.userId;
      if (!own && principal.role === 'participant') throw new HttpError(403, 'only who made the offer, or staff, can withdraw it');
      pub.transact(() => offer.set('deletedAt', Date.now()), SERVER);
    });
    ctx.res.writeHead(204).end();
  });
}
