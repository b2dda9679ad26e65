import { isUnitLevel, UNIT_LEVELS, unitPlaceProblem, type UnitLevel, type UnitPlaceChange } from '@tsunagu/shared';
import { requireCoordinator } from '../../orgs/coordinator.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { orgWorkshop, readObject, str, unitView } from './orgs.js';

/**
 * Correcting an organisation's geography (docs/PROTOCOL.md «Organisations and the city»):
 * move a workshop into another unit (or none), rename a unit, give it another parent or
 * level. Coordinator of `:org` only (requireCoordinator: 401 without one or with any
 * workshop token, 403 for another organisation's coordinator). Every check runs before
 * anything is written; a refused call changes nothing. The city answers follow at once: the
 * city cache's signature holds every unit's name, parent and level and every workshop's unit.
 */
export function register(router: Router, deps: RouteDeps): void {
  const { store, config } = deps;

  router.patch('/api/orgs/:org/workshops/:id', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const w = await orgWorkshop(deps, org.id, ctx.params.id);
    const body = await readObject(ctx, config.limits.maxJsonBytes);
    if (!('unitId' in body)) throw new HttpError(400, 'unitId is required: a unit id of this organisation, or null for none');
    const raw = body.unitId;
    if (raw !== null && typeof raw !== 'string') throw new HttpError(400, 'unitId must be a unit id (a string) or null');
    const unitId = raw === null || raw === '' ? null : raw;
    const r = await store.setWorkshopUnit(org.id, w.id, unitId);
    if (r === 'no-unit') throw new HttpError(400, 'unitId is not a unit of this organisation');
    if (r === 'no-workshop') throw new HttpError(404, 'no such workshop in this organisation');
    const unit = unitId ? (await store.listUnits(org.id)).find((u) => u.id === unitId) : undefined;
    ctx.json(200, { id: w.id, unitId, unitName: unit?.name ?? '' });
  });

  router.patch('/api/orgs/:org/units/:unit', async (ctx) => {
    const { org } = await requireCoordinator(ctx, store);
    const unitId = ctx.params.unit ?? '';
    const body = await readObject(ctx, config.limits.maxJsonBytes);
    if (!('name' in body) && !('parentId' in body) && !('level' in body)) throw new HttpError(400, 'nothing to change: give name, parentId or level');
    const name = 'name' in body ? str(body.name, 'name', 100) : undefined;
    const change: UnitPlaceChange = {};
    if ('parentId' in body) {
      const p = body.parentId;
      if (p !== null && typeof p !== 'string') throw new HttpError(400, 'parentId must be a unit id (a string) or null');
      change.parentId = p === null || p === '' ? null : p;
    }
    if ('level' in body) {
      if (!isUnitLevel(body.level)) throw new HttpError(400, `level must be one of ${UNIT_LEVELS.join(', ')}`);
      change.level = body.level;
    }
    const updated = await store.updateUnit(org.id, unitId, (units) => {
      const problem = unitPlaceProblem(units, unitId, change);
      if (problem) throw new HttpError(problem.status, problem.message);
      const self = units.find((u) => u.id === unitId)!;
      return {
        ...self,
        name: name ?? self.name,
        parentId: change.parentId !== undefined ? change.parentId : self.parentId,
        level: (change.level ?? self.level) as UnitLevel,
      };
    });
    if (updated === 'missing') throw new HttpError(404, 'no such unit');
    ctx.json(200, { unit: unitView(updated) });
  });
}
