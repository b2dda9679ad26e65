import { parseExportLang } from '@tsunagu/shared';
import { attachmentName } from '../../exports/fileNames.js';
import { authorizeExport } from '../../exports/loadWorkshop.js';
import { PageRenderer, RenderBusyError, RenderError, type RenderTarget } from '../../exports/renderPage.js';
import { tileOriginSource } from '../securityHeaders.js';
import { tokenFromRequest } from '../../auth/tokens.js';
import { HttpError, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';

/**
 * GET /api/workshops/:id/print.pdf?paper=A3|A4[&kind=resource,gap][&lang=en] — the printed resource map
 * (client page /w/:id/print) rendered to PDF in headless Chromium.
 * GET /api/workshops/:id/board.png — the board (client page /w/:id/print/board) as a PNG at 2×.
 * GET /api/workshops/:id/report.pdf — the 成果把握 report of the series (client page
 * /w/:id/report) on A4. `?lang=en` on either PDF renders the page in English.
 * Facilitator or staff token. The pages show the public document only.
 */
export function target(ctx: Ctx, deps: RouteDeps, page: string): RenderTarget {
  const token = tokenFromRequest(ctx.req, ctx.query) ?? '';
  const self = deps.selfUrl();
  const allowed = [self];
  // The tile host's exact origin (`https://*.host` when TILE_URL has a {s} subdomain); a
  // relative TILE_URL (/tiles/…) is the server itself.
  const tiles = tileOriginSource(deps.config.tileUrl);
  if (tiles) allowed.push(tiles);
  return { url: `${self}${page}#token=${encodeURIComponent(token)}`, allowedOrigins: allowed };
}

/** `?lang=en` on the PDF routes: the page is rendered in English (legend headings, categories, kinds). */
export const langParam = (ctx: Ctx, sep: '?' | '&'): string => (parseExportLang(ctx.query.get('lang')) === 'en' ? `${sep}lang=en` : '');

/** One renderer (one reused browser, a bounded queue) per server; app.ts closes it. */
const renderers = new WeakMap<RouteDeps, PageRenderer>();
export function rendererOf(deps: RouteDeps): PageRenderer {
  let r = renderers.get(deps);
  if (!r) renderers.set(deps, (r = new PageRenderer({ concurrency: 1, queueLimit: deps.config.limits.renderQueue })));
  return r;
}

export function register(router: Router, deps: RouteDeps): void {
  const renderer = rendererOf(deps);
  router.get('/api/workshops/:id/print.pdf', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    if (!deps.config.staticDir) throw new HttpError(503, 'printing needs the built client (STATIC_DIR)');
    const paper = ctx.query.get('paper')?.toUpperCase() === 'A4' ? 'A4' : 'A3';
    const kind = ctx.query.get('kind');
    const page = `/w/${access.workshopId}/print?paper=${paper}${kind ? `&kind=${encodeURIComponent(kind)}` : ''}${langParam(ctx, '&')}`;
    try {
      const pdf = await renderer.renderPdf(target(ctx, deps, page), paper);
      ctx.res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': attachmentName(`resource-map-${paper}.pdf`), 'cache-control': 'no-store' });
      ctx.res.end(pdf);
    } catch (err) {
      if (err instanceof RenderBusyError) ctx.res.setHeader('Retry-After', '60');
      if (err instanceof RenderError) throw new HttpError(503, err.message);
      throw err;
    }
  });

  router.get('/api/workshops/:id/report.pdf', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    if (!deps.config.staticDir) throw new HttpError(503, 'printing needs the built client (STATIC_DIR)');
    try {
      const pdf = await renderer.renderPdf(target(ctx, deps, `/w/${access.workshopId}/report${langParam(ctx, '?')}`), 'A4');
      ctx.res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': attachmentName('outcome-report.pdf'), 'cache-control': 'no-store' });
      ctx.res.end(pdf);
    } catch (err) {
      if (err instanceof RenderBusyError) ctx.res.setHeader('Retry-After', '60');
      if (err instanceof RenderError) throw new HttpError(503, err.message);
      throw err;
    }
  });

  router.get('/api/workshops/:id/board.png', async (ctx) => {
    const access = await authorizeExport(ctx, deps);
    if (!deps.config.staticDir) throw new HttpError(503, 'rendering needs the built client (STATIC_DIR)');
    try {
      const png = await renderer.renderPng(target(ctx, deps, `/w/${access.workshopId}/print/board`), '[data-testid="board-image"]');
      ctx.res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': attachmentName('board.png'), 'cache-control': 'no-store' });
      ctx.res.end(png);
    } catch (err) {
      if (err instanceof RenderBusyError) ctx.res.setHeader('Retry-After', '60');
      if (err instanceof RenderError) throw new HttpError(503, err.message);
      throw err;
    }
  });
}
