import { isFacilitator, isWorkshopId, canAccessRestricted } from '@tsunagu/shared';
import { HttpError, type Ctx, type Router } from '../http/router.js';
import type { RouteDeps } from '../http/routeDeps.js';
import { listVersions, previewVersion, restoreVersion, saveVersion } from './versions.js';

/**
 * Versions and the access log (docs/PROTOCOL.md):
 *   GET  /api/workshops/:id/snapshots        facilitator/staff → [{id, name, createdAt, auto, itemCount}]
 *   POST /api/workshops/:id/snapshots {name} facilitator → 201 {id, name, createdAt, auto, itemCount}
 *   GET  /api/workshops/:id/snapshots/:sid   facilitator/staff → read-only preview (public content)
 *   POST /api/workshops/:id/restore {snapshotId} facilitator → {restored, before, changes, itemCount}
 *   GET  /api/workshops/:id/access-log       facilitator → [{at, action, role, name, detail}]
 */
async function workshopOf(ctx: Ctx, deps: RouteDeps, who: 'facilitator' | 'staff'): Promise<string> {
  const id = ctx.params.id;
  if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
  if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
  const p = ctx.requireAuth(id);
  const allowed = who === 'facilitator' ? isFacilitator(p.role) : canAccessRestricted(p.role);
  if (!allowed) throw new HttpError(403, who === 'facilitator' ? 'facilitator only' : 'staff or facilitator only');
  return id;
}

function versionIdOf(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw new HttpError(400, 'snapshot id must be a positive integer');
  return n;
}

export function register(router: Router, deps: RouteDeps): void {
  router.get('/api/workshops/:id/snapshots', async (ctx) => {
    const id = await workshopOf(ctx, deps, 'staff');
    ctx.json(200, await listVersions(deps.store, id));
  });

  router.post('/api/workshops/:id/snapshots', async (ctx) => {
    const id = await workshopOf(ctx, deps, 'facilitator');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as { name?: unknown } | null;
    const name = typeof body?.name === 'string' ? body.name.trim() : '';
    if (name === '' || name.length > 60) throw new HttpError(400, 'name must be 1–60 characters');
    ctx.json(201, await saveVersion(deps, id, name, false));
  });

  router.get('/api/workshops/:id/snapshots/:sid', async (ctx) => {
    const id = await workshopOf(ctx, deps, 'staff');
    const preview = await previewVersion(deps.store, id, versionIdOf(ctx.params.sid));
    if (!preview) throw new HttpError(404, 'no such snapshot');
    ctx.json(200, preview);
  });

  router.post('/api/workshops/:id/restore', async (ctx) => {
    const id = await workshopOf(ctx, deps, 'facilitator');
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as { snapshotId?: unknown } | null;
    const result = await restoreVersion(deps, id, versionIdOf(body?.snapshotId));
    if (!result) throw new HttpError(404, 'no such snapshot');
    ctx.json(200, result);
  });

  router.get('/api/workshops/:id/access-log', async (ctx) => {
    const id = await workshopOf(ctx, deps, 'facilitator');
    ctx.json(200, (await deps.store.listAccess(id)).map(({ workshopId: _w, ...rest }) => rest));
  });
}
