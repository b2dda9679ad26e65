import { initWorkshopDoc, newId, restoreBackup, type WorkshopBackup } from '@tsunagu/shared';
import { hashToken, newToken } from '../auth/tokens.js';
import { withFreshJoinCode } from '../workshops/joinCodes.js';
import type { RouteDeps } from '../http/routeDeps.js';

/**
 * Create a new workshop from a JSON backup: a fresh id, join code and tokens (the same
 * steps as POST /api/workshops), then the backup written over the defaults.
 */
export async function createWorkshopFromBackup(deps: RouteDeps, backup: WorkshopBackup, now = Date.now(), orgId = 'default') {
  const { store, rooms } = deps;
  const id = newId(16);
  const title = backup.meta.title.trim() || '復元したワークショップ';
  const { joinCode } = await withFreshJoinCode((joinCode) => store.createWorkshop({ id, joinCode, title, createdAt: now, orgId }));
  const tokens = { facilitatorToken: newToken(), staffToken: newToken(), viewerToken: newToken(), projectorToken: newToken() };
  await store.addToken(hashToken(tokens.facilitatorToken), { workshopId: id, role: 'facilitator', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.staffToken), { workshopId: id, role: 'staff', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.viewerToken), { workshopId: id, role: 'viewer', name: '', kind: '', createdAt: now });
  await store.addToken(hashToken(tokens.projectorToken), { workshopId: id, role: 'projector', name: '', kind: '', createdAt: now });
  const pub = await rooms.open(id);
  const res = await rooms.open(id, { restricted: true });
  try {
    initWorkshopDoc(pub.doc, { title, district: backup.meta.district, center: backup.meta.center, zoom: backup.meta.zoom }, now);
    const counts = restoreBackup(backup, pub.doc, res.doc);
    await pub.room.persistence.flush();
    await res.room.persistence.flush();
    return { id, joinCode, ...tokens, restored: counts };
  } finally {
    res.release();
    pub.release();
  }
}
