import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Role } from '@tsunagu/shared';
import type { AsyncStore } from '../store/asyncStore.js';
import type { TokenRecord } from '../store/store.js';

/** Tokens are 32 random bytes, base64url; only their SHA-256 is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function newJoinCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

export interface Principal {
  workshopId: string;
  role: Role;
  name: string;
  kind: string;
  /**
   * A stable id for the holder of this token, derived from its hash: the author id the server
   * requires on a participant's notes and pins, and the voter id of its dots. Every holder of a
   * shared staff or facilitator link has the same one.
   */
  userId: string;
}

/** The user id of a token (see Principal.userId): not reversible to the token or its stored hash. */
export function userIdOf(tokenHash: string): string {
  return 'u' + crypto.createHash('sha256').update(`user:${tokenHash}`).digest('base64url').slice(0, 15);
}

/** The token of a request: `Authorization: Bearer T`, else `?token=T`. */
export function tokenFromRequest(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return query.get('token');
}

/** A presented token looked up once (null: none presented, or too long to be one). */
export interface TokenLookup {
  hash: string;
  record: TokenRecord | undefined;
}

export async function lookupToken(store: AsyncStore, token: string | null): Promise<TokenLookup | null> {
  if (!token || token.length > 200) return null;
  const hash = hashToken(token);
  return { hash, record: await store.findToken(hash) };
}

/** The principal of a looked-up token for a workshop; null when missing, unknown or for another workshop. */
export function principalOf(found: TokenLookup | null, workshopId: string): Principal | null {
  const rec = found?.record;
  if (!found || !rec || rec.workshopId !== workshopId) return null;
  return { workshopId, role: rec.role, name: rec.name, kind: rec.kind, userId: userIdOf(found.hash) };
}

/** Resolve a token for a workshop; null when missing, unknown or for another workshop. */
export async function authenticate(store: AsyncStore, workshopId: string, token: string | null): Promise<Principal | null> {
  return principalOf(await lookupToken(store, token), workshopId);
}
