import { isWorkshopId, publicListing, readExactPoints, readWorkshopData, wantsRestricted, canAccessRestricted, canExport, withExactPoints, type WorkshopData } from '@tsunagu/shared';
import type { Principal } from '../auth/tokens.js';
import { HttpError, type Ctx } from '../http/router.js';
import type { RouteDeps } from '../http/routeDeps.js';

/**
 * Access check shared by every export route: a facilitator or staff token (participants and
 * viewers get 403), and restricted items only with `?include=restricted` — which is logged.
 */
export interface ExportAccess {
  workshopId: string;
  principal: Principal;
  includeRestricted: boolean;
}

export async function authorizeExport(ctx: Ctx, deps: RouteDeps): Promise<ExportAccess> {
  const workshopId = ctx.params.id;
  if (!isWorkshopId(workshopId)) throw new HttpError(400, 'invalid workshop id');
  if (!(await deps.store.getWorkshop(workshopId))) throw new HttpError(404, 'no such workshop');
  const principal = ctx.requireAuth(workshopId);
  if (!canExport(principal.role)) throw new HttpError(403, 'exports need a facilitator or staff token');
  const includeRestricted = wantsRestricted(ctx.query);
  if (includeRestricted && !canAccessRestricted(principal.role)) throw new HttpError(403, 'restricted items need a staff token');
  return { workshopId, principal, includeRestricted };
}

/** Record who exported restricted data, when, and what (format and query). */
export async function logRestrictedExport(deps: RouteDeps, access: ExportAccess, format: string, query: URLSearchParams, now = Date.now()): Promise<void> {
  if (!access.includeRestricted) return;
  const q = new URLSearchParams(query);
  q.delete('token');
  await deps.store.logAccess({
    workshopId: access.workshopId,
    at: now,
    action: `export-restricted:${format}`,
    role: access.principal.role,
    name: access.principal.name,
    detail: q.toString(),
  });
}

/** Read the live documents (public, and restricted only when asked) into plain data. */
export async function loadWorkshopData(deps: RouteDeps, access: ExportAccess, opts: { publicListing?: boolean } = {}): Promise<WorkshopData> {
  const pub = await deps.rooms.open(access.workshopId);
  try {
    // Issue 17: a public listing leaves out resources without 掲載の同意 and held notes; a
    // restricted export shows every item with the exact point of each need.
    if (!access.includeRestricted) return opts.publicListing ? publicListing(readWorkshopData(pub.doc)) : readWorkshopData(pub.doc);
    const res = await deps.rooms.open(access.workshopId, { restricted: true });
    try {
      return withExactPoints(readWorkshopData(pub.doc, res.doc), readExactPoints(res.doc));
    } finally {
      res.release();
    }
  } finally {
    pub.release();
  }
}
