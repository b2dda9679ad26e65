import * as Y from 'yjs';
import { ROOT, SERVER, canWrite, isCoarse, newId, parseConsultBody, precisionMeters, readAreas, readCategories, setExactPoint } from '@tsunagu/shared';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { requirePrincipal, withBothDocs } from '../../workshops/writerRoutes.js';

/**
 * Issue 17 routes, written by the server into the restricted document so nothing of it reaches
 * a participant's or viewer's socket:
 *   POST /api/workshops/:id/items/:itemId/exact-point {lat, lng} → 204
 *        the exact point of the caller's own need pin (its public point is coarse); staff may
 *        do it for any need. Logged (`exact-point`).
 *   POST /api/workshops/:id/consult {text, contact?} → 201 {id, desk}
 *        「相談したい」: a private message to staff (root `consultations`, status 'open'); a phone
 *        number is allowed in contact. Answers the 窓口 (meta.consultDesk). Logged (`consult`).
 *   GET  /api/workshops/:id/consult-desk → {desk}   the 窓口's contact details (any token)
 */
const deskOf = (pub: Y.Doc): string => {
  const d = pub.getMap(ROOT.meta).get('consultDesk');
  return typeof d === 'string' ? d : '';
};

export function register(router: Router, deps: RouteDeps): void {
  const log = (workshopId: string, action: string, p: { role: string; name: string }, detail: string) => {
    deps.store
      .logAccess({ workshopId, at: Date.now(), action, role: p.role, name: p.name, detail })
      .catch((err: unknown) => console.error('[access-log] write failed:', (err as Error).message));
  };

  router.post('/api/workshops/:id/items/:itemId/exact-point', async (ctx) => {
    const principal = await requirePrincipal(ctx, deps);
    if (!canWrite(principal.role)) throw new HttpError(403, 'this link is read-only');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    const lat = body?.lat;
    const lng = body?.lng;
    if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw new HttpError(400, 'body must be {lat, lng} numbers in range');
    }
    const itemId = ctx.params.itemId ?? '';
    await withBothDocs(deps, principal.workshopId, (pub, res) => {
      const item = pub.getMap(ROOT.items).get(itemId);
      if (!(item instanceof Y.Map)) throw new HttpError(404, 'no such item');
      const staffish = principal.role === 'staff' || principal.role === 'facilitator';
      if (!staffish && item.get('authorId') !== principal.userId) throw new HttpError(403, 'only for your own pin');
      const cat = readCategories(pub).find((c) => c.id === item.get('category'));
      if (!cat || cat.kind !== 'need') throw new HttpError(400, 'only a need keeps an exact point apart');
      const pLat = item.get('lat');
      const pLng = item.get('lng');
      if (typeof pLat !== 'number' || typeof pLng !== 'number') throw new HttpError(400, 'the item is not on the map');
      if (!isCoarse(pLat, pLng, readAreas(pub), precisionMeters(pub.getMap(ROOT.meta).get('precisionM')))) throw new HttpError(409, 'the public point is not coarse');
      setExactPoint(res, itemId, lat, lng, { origin: SERVER });
    });
    log(principal.workshopId, 'exact-point', principal, `item=${itemId}`);
    ctx.res.writeHead(204).end();
  });

  router.post('/api/workshops/:id/consult', async (ctx) => {
    const principal = await requirePrincipal(ctx, deps);
    if (!canWrite(principal.role)) throw new HttpError(403, 'this link is read-only');
    const parsed = parseConsultBody(await ctx.readJson(deps.config.limits.maxJsonBytes));
    if ('error' in parsed) throw new HttpError(400, parsed.error);
    const { id, desk } = await withBothDocs(deps, principal.workshopId, (pub, res) => {
      const map = res.getMap<Y.Map<unknown>>(ROOT.consultations);
      if (map.size >= 2000) throw new HttpError(413, 'too many consultations in this workshop');
      const cid = newId();
      const now = Date.now();
      res.transact(() => {
        const m = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({ id: cid, text: parsed.text, contact: parsed.contact, status: 'open', name: principal.name.slice(0, 40), kind: principal.kind, userId: principal.userId, createdAt: now, updatedAt: now })) m.set(k, v);
        map.set(cid, m);
      }, SERVER);
      return { id: cid, desk: deskOf(pub) };
    });
    log(principal.workshopId, 'consult', principal, `id=${id}`);
    ctx.json(201, { id, desk });
  });

  router.get('/api/workshops/:id/consult-desk', async (ctx) => {
    const principal = await requirePrincipal(ctx, deps);
    const pub = await deps.rooms.open(principal.workshopId);
    try {
      ctx.json(200, { desk: deskOf(pub.doc) });
    } finally {
      pub.release();
    }
  });
}
