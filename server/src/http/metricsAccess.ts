import type { Config } from '../config.js';
import { isLoopback } from './clientAddress.js';
import { HttpError, type Ctx } from './router.js';

/**
 * `/metrics` tells how busy the laptop is and how many rooms are open: only for the laptop
 * itself (a loopback peer), or for a scraper sending `Authorization: Bearer $METRICS_TOKEN`
 * when METRICS_TOKEN is set. Anyone else gets 403. (X-Forwarded-For is not believed here.)
 */
export function requireMetricsAccess(ctx: Ctx, config: Pick<Config, 'metricsToken'>): void {
  if (config.metricsToken) {
    const header = ctx.req.headers.authorization ?? '';
    if (header === `Bearer ${config.metricsToken}`) return;
  }
  if (isLoopback(ctx.req.socket.remoteAddress ?? '') && !ctx.req.headers['x-forwarded-for']) return;
  throw new HttpError(403, config.metricsToken ? 'metrics need the metrics token' : 'metrics are served to this computer only');
}
