import type * as Y from 'yjs';
import { initWorkshopDoc, newId, type CreatedWorkshop, type MetaInput } from '@tsunagu/shared';
import { hashToken, newToken } from '../auth/tokens.js';
import { withFreshJoinCode } from './joinCodes.js';
import type { RouteDeps } from '../http/routeDeps.js';

/**
 * Create a workshop: its record with a free join code, its role tokens (stored hashed, answered
 * once), and its public document, initialised (defaults) and then filled by `fill` (e.g. from
 * an earlier meeting), saved before the answer.
 */
export async function createWorkshop(
  deps: Pick<RouteDeps, 'store' | 'rooms'>,
  input: MetaInput,
  fill?: (doc: Y.Doc, now: number) => void,
  /** Issue 14: the organisation and unit it belongs to (default: the default organisation, no unit). */
  place: { orgId?: string; unitId?: string | null } = {},
): Promise<CreatedWorkshop> {
  const { store, rooms } = deps;
  const id = newId(16);
  const now = Date.now();
  const { joinCode } = await withFreshJoinCode((joinCode) => store.createWorkshop({ id, joinCode, title: input.title.trim(), createdAt: now, orgId: place.orgId ?? 'default', unitId: place.unitId ?? null }));
  const tokens = { facilitatorToken: newToken(), staffToken: newToken(), viewerToken: newToken(), projectorToken: newToken() };
  await store.addToken(hashToken(tokens.facilitatorToken), { workshopId: id, role: 'facilitator', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.staffToken), { workshopId: id, role: 'staff', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.viewerToken), { workshopId: id, role: 'viewer', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.projectorToken), { workshopId: id, role: 'projector', name: '', kind: '', createdAt: now });
  const handle = await rooms.open(id);
  try {
    initWorkshopDoc(handle.doc, input, now);
    fill?.(handle.doc, now);
    await handle.room.persistence.flush();
  } finally {
    handle.release();
  }
  return { id, joinCode, ...tokens };
}
