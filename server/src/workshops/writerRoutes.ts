import type * as Y from 'yjs';
import { canWrite, isWorkshopId } from '@tsunagu/shared';
import type { Principal } from '../auth/tokens.js';
import { HttpError, type Ctx } from '../http/router.js';
import type { RouteDeps } from '../http/routeDeps.js';

/** The principal of `:id`'s token (400 bad id, 404 no workshop, 401 bad token). */
export async function requirePrincipal(ctx: Ctx, deps: Pick<RouteDeps, 'store'>): Promise<Principal> {
  const id = ctx.params.id;
  if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
  if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
  return ctx.requireAuth(id);
}

/**
 * For routes through which a connection's holder writes what the server keeps for it (offers,
 * dots): requirePrincipal, and 403 for a read-only link.
 */
export async function requireWriter(ctx: Ctx, deps: Pick<RouteDeps, 'store'>): Promise<Principal> {
  const principal = await requirePrincipal(ctx, deps);
  if (!canWrite(principal.role)) throw new HttpError(403, 'this link is read-only');
  return principal;
}

/** Run `fn` with a workshop's public and restricted documents loaded, and give them back. */
export async function withBothDocs<T>(deps: Pick<RouteDeps, 'rooms'>, id: string, fn: (pub: Y.Doc, res: Y.Doc) => T): Promise<T> {
  const pub = await deps.rooms.open(id);
  try {
    const res = await deps.rooms.open(id, { restricted: true });
    try {
      return fn(pub.doc, res.doc);
    } finally {
      res.release();
    }
  } finally {
    pub.release();
  }
}
