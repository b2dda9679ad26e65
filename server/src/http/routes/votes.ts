import type * as Y from 'yjs';
import { SERVER, ballotDotsUsed, castDot, clearBallots, endVote, isFacilitator, myDots, readVote, setRevealed, startVote } from '@tsunagu/shared';
import type { Principal } from '../../auth/tokens.js';
import { requireWriter, withBothDocs } from '../../workshops/writerRoutes.js';
import { HttpError, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * Dot voting through the server, so that nobody's device holds the tallies before the reveal
 * (shared/src/commands/ballots.ts). Every answer that concerns a voter is
 * `{budget, active, revealed, used, mine: {itemId: n}}` for that token's voter id (its userId).
 *   POST /api/workshops/:id/votes {itemId, delta: 1|-1}  any token that may write; 409 + message when refused
 *   GET  /api/workshops/:id/votes/mine
 *   POST /api/workshops/:id/votes/start {budget, clear?}  facilitator
 *   POST /api/workshops/:id/votes/end                      facilitator
 *   POST /api/workshops/:id/votes/reveal {revealed}        facilitator
 * Requests of one workshop are handled one at a time, so two quick taps never overspend.
 */
const REFUSALS: Record<string, string> = {
  'no-vote': '投票は行われていません / No vote is running',
  'no-item': 'その付箋には投票できません / This note cannot be voted on',
  'budget-exhausted': 'シールを使い切りました / You have used all your dots',
  'none-to-remove': '取り消すシールがありません / No dot to take back',
};

export function register(router: Router, deps: RouteDeps): void {
  const queues = new Map<string, Promise<unknown>>();
  /** Run `fn` with both documents of a workshop, after every earlier request of that workshop. */
  const serially = <T>(id: string, fn: (pub: Y.Doc, res: Y.Doc) => T): Promise<T> => {
    const run = (queues.get(id) ?? Promise.resolve()).then(() => withBothDocs(deps, id, fn));
    const settled = run.catch(() => {});
    queues.set(id, settled);
    void settled.then(() => queues.get(id) === settled && queues.delete(id));
    return run;
  };
  const principalOf = async (ctx: Ctx, facilitatorOnly = false): Promise<Principal> => {
    const principal = await requireWriter(ctx, deps);
    if (facilitatorOnly && !isFacilitator(principal.role)) throw new HttpError(403, 'only the facilitator runs the vote');
    return principal;
  };
  const stateOf = (pub: Y.Doc, res: Y.Doc, voterId: string) => {
    const v = readVote(pub);
    return { budget: v.budget, active: v.active, revealed: v.revealed, used: ballotDotsUsed(pub, res, voterId), mine: myDots(res, voterId) };
  };

  router.post('/api/workshops/:id/votes', async (ctx) => {
    const p = await principalOf(ctx);
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    const itemId = body && typeof body.itemId === 'string' ? body.itemId : '';
    const delta = body?.delta;
    if (!itemId || (delta !== 1 && delta !== -1)) throw new HttpError(400, 'body must be {itemId, delta: 1 | -1}');
    const answer = await serially(p.workshopId, (pub, res) => {
      const result = castDot(pub, res, itemId, p.userId, delta, SERVER);
      return { result, state: stateOf(pub, res, p.userId) };
    });
    if (answer.result !== 'ok') ctx.json(409, { error: REFUSALS[answer.result] ?? answer.result, reason: answer.result, ...answer.state });
    else ctx.json(200, answer.state);
  });

  router.get('/api/workshops/:id/votes/mine', async (ctx) => {
    const p = await principalOf(ctx);
    ctx.json(200, await serially(p.workshopId, (pub, res) => stateOf(pub, res, p.userId)));
  });

  router.post('/api/workshops/:id/votes/start', async (ctx) => {
    const p = await principalOf(ctx, true);
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    const budget = typeof body?.budget === 'number' && Number.isFinite(body.budget) ? body.budget : NaN;
    if (!(budget >= 1 && budget <= 20)) throw new HttpError(400, 'budget must be 1–20');
    const clear = body?.clear === true;
    ctx.json(
      200,
      await serially(p.workshopId, (pub, res) => {
        if (clear) clearBallots(res, SERVER);
        setRevealed(pub, res, false, SERVER);
        startVote(pub, budget, { origin: SERVER, clear });
        return stateOf(pub, res, p.userId);
      }),
    );
  });

  router.post('/api/workshops/:id/votes/end', async (ctx) => {
    const p = await principalOf(ctx, true);
    ctx.json(
      200,
      await serially(p.workshopId, (pub, res) => {
        endVote(pub, { origin: SERVER });
        return stateOf(pub, res, p.userId);
      }),
    );
  });

  router.post('/api/workshops/:id/votes/reveal', async (ctx) => {
    const p = await principalOf(ctx, true);
    const body = (await ctx.readJson(deps.config.limits.maxJsonBytes)) as Record<string, unknown> | null;
    if (typeof body?.revealed !== 'boolean') throw new HttpError(400, 'body must be {revealed: true | false}');
    const revealed = body.revealed;
    ctx.json(
      200,
      await serially(p.workshopId, (pub, res) => {
        setRevealed(pub, res, revealed, SERVER);
        return stateOf(pub, res, p.userId);
      }),
    );
  });
}
