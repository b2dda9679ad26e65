import { CLOSE, canExport, isWorkshopId, type Role } from '@tsunagu/shared';
import { hashToken, newToken } from '../../auth/tokens.js';
import { withFreshJoinCode } from '../../workshops/joinCodes.js';
import { HttpError, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * Who can get in (issue 11): the facilitator closes or rotates the join code and revokes and
 * reissues the staff and viewer links; staff and facilitator get read-only viewer links for
 * printed QR codes. See docs/PROTOCOL.md.
 *
 * POST /api/workshops/:id/join-code/rotate        (facilitator) → {joinCode, joinUrl, joinCodeExpiresAt, joinClosed: false}
 * POST /api/workshops/:id/join-code/close         (facilitator) → {joinClosed: true}
 * POST /api/workshops/:id/links/:role/reissue     (facilitator; role staff|viewer) → {role, token, url, closedConnections}
 * POST /api/workshops/:id/viewer-links            (facilitator, staff) → 201 {token, url}
 */
const REISSUABLE: readonly Role[] = ['staff', 'viewer'];

async function workshopOf(ctx: Ctx, deps: RouteDeps): Promise<string> {
  const id = ctx.params.id;
  if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
  if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
  return id;
}

async function requireFacilitator(ctx: Ctx, deps: RouteDeps): Promise<string> {
  const id = await workshopOf(ctx, deps);
  if (ctx.requireAuth(id).role !== 'facilitator') throw new HttpError(403, 'only the facilitator link can do this');
  return id;
}

/** When the current join code stops joining. */
export function joinCodeExpiresAt(w: { joinCodeIssuedAt?: number; createdAt: number }, ttlMs: number): number {
  return (w.joinCodeIssuedAt ?? w.createdAt) + ttlMs;
}

/** Close the live connections of a workshop opened with a role's (now revoked) token: close 4401. */
export function closeConnectionsOf(deps: RouteDeps, workshopId: string, role: Role): number {
  let closed = 0;
  for (const room of deps.rooms.loadedRooms) {
    if (room.workshopId !== workshopId) continue;
    for (const peer of Array.from(room.peers)) {
      if (peer.info.role !== role) continue;
      peer.socket.close(CLOSE.LINK_REVOKED, 'link revoked');
      closed++;
    }
  }
  return closed;
}

export function register(router: Router, deps: RouteDeps): void {
  const { store, config } = deps;
  const linkUrl = (id: string, token: string) => `${deps.publicUrl()}/w/${id}#token=${encodeURIComponent(token)}`;

  router.post('/api/workshops/:id/join-code/rotate', async (ctx) => {
    const id = await requireFacilitator(ctx, deps);
    const now = Date.now();
    const { joinCode } = await withFreshJoinCode((joinCode) => store.setJoinCode(id, joinCode, now));
    ctx.json(200, {
      joinCode,
      joinUrl: `${deps.publicUrl()}/join?code=${joinCode}`,
      joinCodeExpiresAt: now + config.joinCodeTtlMs,
      joinClosed: false,
    });
  });

  router.post('/api/workshops/:id/join-code/close', async (ctx) => {
    const id = await requireFacilitator(ctx, deps);
    await store.setJoinClosed(id, true);
    ctx.json(200, { joinClosed: true });
  });

  router.post('/api/workshops/:id/links/:role/reissue', async (ctx) => {
    const id = await requireFacilitator(ctx, deps);
    const role = ctx.params.role as Role;
    if (!REISSUABLE.includes(role)) throw new HttpError(400, 'only the staff and viewer links can be reissued');
    const now = Date.now();
    await store.revokeTokens(id, role, now);
    const closedConnections = closeConnectionsOf(deps, id, role);
    const token = newToken();
    await store.addToken(hashToken(token), { workshopId: id, role, name: '', kind: '', createdAt: now });
    ctx.json(200, { role, token, url: linkUrl(id, token), closedConnections });
  });

  router.post('/api/workshops/:id/viewer-links', async (ctx) => {
    const id = await workshopOf(ctx, deps);
    if (!canExport(ctx.requireAuth(id).role)) throw new HttpError(403, 'viewer links need a facilitator or staff token');
    const token = newToken();
    await store.addToken(hashToken(token), { workshopId: id, role: 'viewer', name: '', kind: 'print', createdAt: Date.now() });
    ctx.json(201, { token, url: linkUrl(id, token) });
  });
}
