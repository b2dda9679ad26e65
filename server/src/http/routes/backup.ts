import { validateBackup, type WorkshopBackup } from '@tsunagu/shared';
import { createWorkshopFromBackup } from '../../exports/createFromBackup.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * POST /api/workshops/from-backup — body: a JSON backup (GET …/export.json). Creates a new
 * workshop holding the backup's meta, columns, categories, areas and items (with votes and
 * the trash), and answers like POST /api/workshops (201 with new tokens). Anyone may create a
 * workshop, so no token is needed; the backup's restricted items are restored only into the
 * new workshop's restricted document.
 */
export function register(router: Router, deps: RouteDeps): void {
  router.post('/api/workshops/from-backup', async (ctx) => {
    const body = await ctx.readJson(deps.config.limits.maxImportBytes);
    const problems = validateBackup(body, deps.config.limits.maxTextLength);
    if (problems.length) throw new HttpError(400, problems.join('; '));
    const created = await createWorkshopFromBackup(deps, body as WorkshopBackup);
    ctx.json(201, created);
  });
}
