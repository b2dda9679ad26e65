import { DEFAULT_ORG_ID, validateBackup, type WorkshopBackup } from '@tsunagu/shared';
import { coordinatorOf } from '../../orgs/coordinator.js';
import { createWorkshopFromBackup } from '../../exports/createFromBackup.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * POST /api/workshops/from-backup — body: a JSON backup (GET …/export.json). Creates a new
 * workshop holding the backup's meta, columns, categories, areas and items (with votes and
 * the trash), and answers like POST /api/workshops (201 with new tokens). Anyone may create a
 * workshop (unless TSUNAGU_WORKSHOP_CREATION=coordinators: then a coordinator token), so no token is needed; the backup's restricted items are restored only into the
 * new workshop's restricted document.
 */
export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/from-backup', async (ctx) => {
    // issue 14: the same rule as POST /api/workshops (TSUNAGU_WORKSHOP_CREATION)
    const coordinator = await coordinatorOf(ctx, deps.store);
    if (!coordinator && deps.config.workshopCreation === 'coordinators') throw new HttpError(401, 'creating a workshop needs a coordinator link on this server');
    const body = await ctx.readJson(deps.config.limits.maxImportBytes);
    const problems = validateBackup(body, deps.config.limits.maxTextLength);
    if (problems.length) throw new HttpError(400, problems.join('; '));
    const created = await createWorkshopFromBackup(deps, body as WorkshopBackup, Date.now(), coordinator?.orgId ?? DEFAULT_ORG_ID);
    ctx.json(201, created);
  });
}
