import { newId } from '@tsunagu/shared';
import { hashToken, newToken, tokenFromRequest } from '../auth/tokens.js';
import { HttpError, type Ctx } from '../http/router.js';
import type { AsyncStore } from '../store/asyncStore.js';
import type { OrgRecord } from '../store/store.js';

/** A coordinator of an organisation, as an organisation route sees it (issue 14). */
export interface Coordinator {
  orgId: string;
  name: string;
  /** The hash of the presented token (never the token). */
  hash: string;
}

/** Organisation ids: letters, digits, `_` and `-`, 1–64 (as workshop ids; 'default' for the default one). */
export const ORG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The coordinator behind a request, if it presents a live coordinator token (any organisation);
 * null otherwise. Workshop tokens are never coordinator tokens (a separate table).
 */
export async function coordinatorOf(ctx: Ctx, store: AsyncStore): Promise<Coordinator | null> {
  const token = tokenFromRequest(ctx.req, ctx.query);
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  const rec = await store.findOrgToken(hash);
  return rec ? { orgId: rec.orgId, name: rec.name, hash } : null;
}

/**
 * Every organisation route: a live coordinator token of that organisation. No token, an
 * unknown or revoked one, or any workshop-level token → 401; another organisation's
 * coordinator → 403; then an unknown organisation → 404.
 */
export async function requireCoordinator(ctx: Ctx, store: AsyncStore): Promise<{ coordinator: Coordinator; org: OrgRecord }> {
  const orgId = ctx.params.org ?? '';
  if (!ORG_ID_PATTERN.test(orgId)) throw new HttpError(400, 'invalid organisation id');
  const coordinator = await coordinatorOf(ctx, store);
  if (!coordinator) throw new HttpError(401, 'a coordinator link (token) of this organisation is needed');
  if (coordinator.orgId !== orgId) throw new HttpError(403, 'this coordinator link belongs to another organisation');
  const org = await store.getOrg(orgId);
  if (!org) throw new HttpError(404, 'no such organisation');
  return { coordinator, org };
}

/** Issue a coordinator token for an organisation (stored hashed; the token is shown once). */
export async function issueCoordinatorToken(store: AsyncStore, orgId: string, name = '', now = Date.now()): Promise<string> {
  const token = newToken();
  await store.addOrgToken(hashToken(token), { orgId, role: 'coordinator', name: name.slice(0, 40), createdAt: now });
  return token;
}

/** The coordinator home of an organisation with its token in the fragment (never sent to servers or logs). */
export const coordinatorUrl = (base: string, orgId: string, token: string): string => `${base.replace(/\/+$/, '')}/o/${encodeURIComponent(orgId)}#token=${token}`;

/** Create an organisation with its first coordinator link (CLI, tests); the token is shown once. */
export async function createOrganisation(store: AsyncStore, name: string, opts: { id?: string; coordinatorName?: string; now?: number } = {}): Promise<{ id: string; token: string }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new Error('an organisation name must be 1–100 characters');
  const id = opts.id ?? newId(10);
  if (!ORG_ID_PATTERN.test(id)) throw new Error('an organisation id is letters, digits, _ or -');
  const now = opts.now ?? Date.now();
  await store.createOrg({ id, name: trimmed, createdAt: now });
  return { id, token: await issueCoordinatorToken(store, id, opts.coordinatorName ?? '', now) };
}
