import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { canExport, isWorkshopId } from '@tsunagu/shared';
import { HttpError, type Ctx, type Router } from '../router.js';
import type { RouteDeps } from '../routeDeps.js';
import { MbtilesError } from '../../tiles/mbtiles.js';
import { installOfflineSource } from '../../tiles/offlineSource.js';
import { looksLikePmtiles } from '../../tiles/pmtiles.js';
import { estimate, PrefetchJob, storedLabel } from '../../tiles/prefetch.js';
import type { ServedTile, TileService } from '../../tiles/tileService.js';
import type { Config } from '../../config.js';
import { securityHeaderValues } from '../securityHeaders.js';
import { countTiles, MAX_TILE_ZOOM, parseTileCoords } from '../../tiles/tileMath.js';
import { PREFETCH_MAX_ZOOM, PREFETCH_MIN_ZOOM, workshopRanges } from '../../tiles/workshopArea.js';

/** Largest prefetch accepted in one go (tiles). */
export const MAX_PREFETCH_TILES = 100_000;
/** Largest MBTiles upload (bytes). */
export const MAX_MBTILES_BYTES = 2 * 1024 ** 3;

/**
 * Map tiles served by the laptop (issue 12):
 * - GET /tiles/{z}/{x}/{y}.png — an imported MBTiles file, the cache, or the upstream (stored).
 * - GET /api/workshops/:id/tiles — what is stored, the estimate for the workshop's areas, the running prefetch.
 * - POST /api/workshops/:id/tiles/prefetch {minZoom?, maxZoom?} — start (or resume) 「この地区の地図を保存」.
 * - POST /api/workshops/:id/tiles/prefetch/cancel
 * - POST /api/workshops/:id/tiles/import — body: an MBTiles or PMTiles file; becomes the server's offline source.
 */
export function register(router: Router, deps: RouteDeps): void {
  const tiles = deps.tiles;
  const jobs = new Map<string, PrefetchJob>();

  const badTile = (ctx: Ctx) => ctx.error(400, 'tile address must be /tiles/{z}/{x}/{y}.png with 0 ≤ z ≤ 20 and 0 ≤ x, y < 2^z');
  router.get('/tiles/:a', badTile);
  router.get('/tiles/:a/:b', badTile);
  router.get('/tiles/:a/:b/:c/:d', badTile);
  router.get('/tiles/:z/:x/:file', async (ctx) => {
    const m = /^(\d{1,7})\.png$/.exec(ctx.params.file ?? '');
    const c = m ? parseTileCoords(ctx.params.z ?? '', ctx.params.x ?? '', m[1]!) : null;
    if (!c) return badTile(ctx);
    // the hit path answers from memory without awaiting anything
    const got = tiles.hot(c.z, c.x, c.y) ?? (await tiles.get(c.z, c.x, c.y));
    if (!got) {
      ctx.res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-tile-source': 'none' });
      ctx.res.end(JSON.stringify({ error: 'tile not stored and the upstream could not be reached', ja: 'この場所の地図は保存されていません' }));
      return;
    }
    sendTile(ctx.req, ctx.res, got);
  });

  const staffOnly = async (ctx: Ctx): Promise<string> => {
    const id = ctx.params.id ?? '';
    if (!isWorkshopId(id)) throw new HttpError(400, 'invalid workshop id');
    if (!(await deps.store.getWorkshop(id))) throw new HttpError(404, 'no such workshop');
    const p = ctx.requireAuth(id);
    if (!canExport(p.role)) throw new HttpError(403, 'saving the map needs a facilitator or staff token');
    return id;
  };

  const zoomsOf = (body: Record<string, unknown>): { minZoom: number; maxZoom: number } => {
    const minZoom = body.minZoom ?? PREFETCH_MIN_ZOOM;
    const maxZoom = body.maxZoom ?? PREFETCH_MAX_ZOOM;
    if (!Number.isInteger(minZoom) || !Number.isInteger(maxZoom) || (minZoom as number) < 0 || (maxZoom as number) > MAX_TILE_ZOOM || (minZoom as number) > (maxZoom as number))
      throw new HttpError(400, `minZoom and maxZoom must be whole numbers with 0 ≤ minZoom ≤ maxZoom ≤ ${MAX_TILE_ZOOM}`);
    return { minZoom: minZoom as number, maxZoom: maxZoom as number };
  };

  const status = async (id: string) => {
    const stored = await tiles.stats();
    const { ranges, basis } = await workshopRanges(deps.rooms, id);
    return {
      stored: { ...stored, label: storedLabel(stored) },
      mbtiles: tiles.mbtilesName ? { name: tiles.mbtilesName, format: tiles.offlineFormat, ...tiles.mbtilesStats() } : null,
      upstream: Boolean(tiles.upstreamUrl),
      importAllowed: deps.config.tileImport === 'staff',
      estimate: { ...(await estimate(tiles, ranges)), basis },
      job: jobs.get(id)?.progress ?? null,
    };
  };

  router.get('/api/workshops/:id/tiles', async (ctx) => {
    const id = await staffOnly(ctx);
    ctx.json(200, await status(id));
  });

  router.post('/api/workshops/:id/tiles/prefetch', async (ctx) => {
    const id = await staffOnly(ctx);
    const raw = await ctx.readBody(4096);
    let body: Record<string, unknown> = {};
    if (raw.length) {
      try {
        const parsed = JSON.parse(raw.toString('utf8')) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
        body = parsed as Record<string, unknown>;
      } catch {
        throw new HttpError(400, 'request body must be a JSON object {minZoom?, maxZoom?}');
      }
    }
    const { minZoom, maxZoom } = zoomsOf(body);
    const { ranges, basis } = await workshopRanges(deps.rooms, id, minZoom, maxZoom);
    if (countTiles(ranges) > MAX_PREFETCH_TILES) throw new HttpError(400, `the area needs more than ${MAX_PREFETCH_TILES} tiles; lower maxZoom or draw a smaller area`);
    const est = { ...(await estimate(tiles, ranges)), basis };
    if (ctx.query.get('dryRun') === '1') return ctx.json(200, { estimate: est });
    if (!tiles.upstreamUrl) throw new HttpError(409, 'no upstream TILE_URL is configured; import an MBTiles file instead');
    const running = jobs.get(id);
    if (running?.progress.state === 'running') return ctx.json(200, { estimate: est, job: running.progress });
    const job = new PrefetchJob(tiles, ranges);
    jobs.set(id, job);
    ctx.json(202, { estimate: est, job: job.progress });
  });

  router.post('/api/workshops/:id/tiles/prefetch/cancel', async (ctx) => {
    const id = await staffOnly(ctx);
    const job = jobs.get(id);
    job?.cancel();
    ctx.json(200, { job: job?.progress ?? null });
  });

  router.post('/api/workshops/:id/tiles/import', async (ctx) => {
    await staffOnly(ctx);
    if (deps.config.tileImport === 'off')
      throw new HttpError(403, "this server's map source is managed by its operator (TSUNAGU_TILE_IMPORT=off): ask them to install the file with `npm run tiles -- import FILE`; the current map source is unchanged");
    const tmp = path.join(fs.existsSync(deps.config.dataDir) ? deps.config.dataDir : os.tmpdir(), `.upload-${process.pid}-${Date.now()}.tiles`);
    try {
      await saveBody(ctx, tmp, MAX_MBTILES_BYTES);
      const installed = await installOfflineSource(deps.config.dataDir, tmp);
      await tiles.reloadOffline();
      ctx.json(200, { name: installed.name, format: installed.format, ...installed.stats, label: storedLabel(installed.stats) });
    } catch (err) {
      if (err instanceof MbtilesError) {
        const kind = fs.existsSync(tmp) && looksLikePmtiles(tmp) ? 'PMTiles' : 'MBTiles';
        throw new HttpError(400, `${kind} import failed: ${err.message}; the current map source is unchanged`);
      }
      throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });
}

function saveBody(ctx: Ctx, file: string, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file);
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe(out);
      ctx.req.resume();
      out.destroy();
      reject(err);
    };
    ctx.req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) fail(new HttpError(413, `file too large (limit ${limit} bytes)`));
    });
    ctx.req.on('error', fail);
    out.on('error', fail);
    out.on('finish', () => {
      if (failed) return;
      if (size === 0) return reject(new HttpError(400, 'MBTiles import failed: the request body is empty; the current map source is unchanged'));
      resolve();
    });
    ctx.req.pipe(out);
  });
}

const HOT_TILE_PATH = /^\/tiles\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})\.png(?:\?.*)?$/;

/**
 * The hit path of GET /tiles/{z}/{x}/{y}.png, run before the request guard and the router: a
 * tile held in memory is answered at once with the same security headers (no URL object, no
 * route scan, no await; its path is digits only, so the guard's escape check has nothing to
 * refuse, and no rate limit applies to tiles). Anything else — a miss, a bad address, another
 * method — returns false and takes the ordinary way.
 */
export function serveHotTile(tiles: TileService, config: Config, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const m = HOT_TILE_PATH.exec(req.url ?? '');
  if (!m) return false;
  const c = parseTileCoords(m[1]!, m[2]!, m[3]!);
  const hot = c && tiles.hot(c.z, c.x, c.y);
  if (!hot) return false;
  // one writeHead with every header: no setHeader calls before it (Node's fast path)
  sendTile(req, res, hot, securityHeaderValues(config, req.headers.host));
  return true;
}

function sendTile(req: IncomingMessage, res: ServerResponse, got: ServedTile, extra?: Readonly<Record<string, string>>): void {
  const headers = {
    ...extra,
    'cache-control': got.origin === 'stale' ? 'public, max-age=300' : 'public, max-age=86400',
    etag: got.etag,
    'x-tile-source': got.origin,
  };
  if (ifNoneMatch(req.headers['if-none-match'], got.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': got.tile.contentType, 'content-length': got.tile.data.length });
  res.end(req.method === 'HEAD' ? undefined : got.tile.data);
}

/** If-None-Match holds the tile's ETag (a list, a weak form, or *). */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
