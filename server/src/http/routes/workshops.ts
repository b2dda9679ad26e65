import {
  JOIN_CODE_PATTERN,
  isParticipantKind,
  isWorkshopId,
  readItems,
  readMeta,
  seesJoinCode,
  validateMetaInput,
  type MetaInput,
  DEFAULT_ORG_ID,
} from '@tsunagu/shared';
import { hashToken, newToken } from '../../auth/tokens.js';
import { coordinatorOf } from '../../orgs/coordinator.js';
import { createWorkshop } from '../../workshops/createWorkshop.js';
import { HttpError, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { joinCodeExpiresAt } from './access.js';

function requireWorkshopId(id: string | undefined): string {
  if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
  return id;
}

/** POST /api/workshops, POST /api/join, GET /api/workshops/:id — see docs/PROTOCOL.md. */
export function register(router: Router, deps: RouteDeps): void {
  const { store, rooms, config } = deps;

  router.post('/api/workshops', async (ctx) => {
    const body = await ctx.readJson(config.limits.maxJsonBytes);
    const problems = validateMetaInput(body);
    if (problems.length) throw new HttpError(400, problems.join('; '));
    // issue 14: a coordinator's workshop goes into its organisation; with
    // TSUNAGU_WORKSHOP_CREATION=coordinators only coordinators create workshops
    const coordinator = await coordinatorOf(ctx, store);
    if (!coordinator && config.workshopCreation === 'coordinators') throw new HttpError(401, 'creating a workshop needs a coordinator link on this server');
    const created = await createWorkshop(deps, body as MetaInput, undefined, { orgId: coordinator?.orgId ?? DEFAULT_ORG_ID });
    ctx.json(201, created);
  });

  router.post('/api/join', async (ctx) => {
    const body = (await ctx.readJson(config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be an object');
    const code = typeof body.code === 'string' ? body.code.normalize('NFKC').replace(/\s/g, '') : '';
    if (!JOIN_CODE_PATTERN.test(code)) throw new HttpError(400, 'code must be 6 digits');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name === '' || name.length > 40) throw new HttpError(400, 'name must be 1–40 characters');
    if (!isParticipantKind(body.role)) throw new HttpError(400, 'role must be one of the participant kinds');
    const workshop = await store.findWorkshopByJoinCode(code);
    if (!workshop) throw new HttpError(404, 'no workshop with this code');
    if (workshop.joinClosed) throw new HttpError(410, 'joining by this code is closed; ask the facilitator');
    if (Date.now() >= joinCodeExpiresAt(workshop, config.joinCodeTtlMs)) throw new HttpError(410, 'this join code has expired; ask the facilitator for a new one');
    const token = newToken();
    await store.addToken(hashToken(token), { workshopId: workshop.id, role: 'participant', name, kind: body.role, createdAt: Date.now() });
    ctx.json(200, { workshopId: workshop.id, token });
  });

  router.get('/api/workshops/:id', async (ctx) => {
    const id = requireWorkshopId(ctx.params.id);
    const workshop = await store.getWorkshop(id);
    if (!workshop) throw new HttpError(404, 'no such workshop');
    const principal = ctx.requireAuth(id);
    const handle = await rooms.open(id);
    try {
      const meta = readMeta(handle.doc);
      const items = readItems(handle.doc);
      const staffish = seesJoinCode(principal.role);
      ctx.json(200, {
        id,
        title: meta.title,
        district: meta.district,
        center: meta.center,
        zoom: meta.zoom,
        phase: meta.phase,
        createdAt: meta.createdAt,
        role: principal.role,
        name: principal.name,
        kind: principal.kind,
        userId: principal.userId,
        counts: { items: items.length, pins: items.filter((i) => i.lat !== undefined).length },
        ...(staffish
          ? {
              joinCode: workshop.joinCode,
              joinUrl: `${deps.publicUrl()}/join?code=${workshop.joinCode}`,
              joinClosed: !!workshop.joinClosed,
              joinCodeExpiresAt: joinCodeExpiresAt(workshop, config.joinCodeTtlMs),
            }
          : {}),
      });
    } finally {
      handle.release();
    }
  });

  router.get('/api/config', (ctx) => {
    ctx.json(200, {
      publicUrl: deps.publicUrl(),
      // The laptop serves every tile (cache, imported MBTiles, upstream when online): issue 12.
      tileUrl: config.tileUrl ? '/tiles/{z}/{x}/{y}.png' : '',
      tileAttribution: config.tileAttribution,
      limits: { maxTextLength: config.limits.maxTextLength, maxItems: config.limits.maxItems },
    });
  });

  // 503 while the database or Redis is lost, so a load balancer stops sending to this instance
  router.get('/healthz', async (ctx) => {
    const health = deps.health ? await deps.health() : { ok: true };
    ctx.json(health.ok ? 200 : 503, health);
  });
}
