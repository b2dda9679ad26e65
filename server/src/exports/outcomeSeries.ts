import { buildOutcomeReport, readActions, readMeta, readOffers, readWorkshopData, type OutcomeReport, type OutcomeSessionInput } from '@tsunagu/shared';
import type { Ctx } from '../http/router.js';
import type { RouteDeps } from '../http/routeDeps.js';
import { authorizeExport } from './loadWorkshop.js';

/** How far back a series is followed (meetings). */
export const MAX_SERIES = 50;

/**
 * The 成果把握 report of the series a workshop closes: it and every meeting it continues
 * (`meta.continuesFrom`, back to the first), read from their public documents only, with who
 * joined each. A facilitator or staff token of the latest meeting (authorizeExport); restricted
 * data is never read for it.
 */
export async function loadOutcomeReport(ctx: Ctx, deps: RouteDeps): Promise<OutcomeReport> {
  const access = await authorizeExport(ctx, deps);
  const inputs: OutcomeSessionInput[] = [];
  const seen = new Set<string>();
  let id: string | undefined = access.workshopId;
  while (id && !seen.has(id) && inputs.length < MAX_SERIES && (await deps.store.getWorkshop(id))) {
    seen.add(id);
    const handle = await deps.rooms.open(id);
    try {
      inputs.push({ workshopId: id, data: readWorkshopData(handle.doc), actions: readActions(handle.doc), joined: await deps.store.listJoined(id), offers: readOffers(handle.doc) });
      id = readMeta(handle.doc).continuesFrom;
    } finally {
      handle.release();
    }
  }
  return buildOutcomeReport(inputs);
}
