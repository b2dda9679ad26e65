import fs from 'node:fs';
import path from 'node:path';
import { IMPORTED_MBTILES_FILE, MbtilesSource } from './mbtiles.js';
import { imageTypeOf } from './tileMath.js';
import { SqliteTileStore, type StoredTile, type TileStats, type TileStore } from './tileStore.js';

export const TILE_USER_AGENT = 'tsunagu/0.1 (community-mapping workshop server; offline tile cache; +https://github.com/tsunagu)';

export interface TileServiceOptions {
  dataDir: string;
  /** Upstream URL template with {z}/{x}/{y}; empty: no upstream (offline only). */
  upstreamUrl: string;
  /** At most this many upstream requests at a time. */
  concurrency?: number;
  /** A stored tile younger than this is served without asking the upstream. */
  maxAgeMs?: number;
  /** Largest tile accepted from the upstream. */
  maxTileBytes?: number;
  timeoutMs?: number;
  store?: TileStore;
}

export type TileOrigin = 'mbtiles' | 'cache' | 'upstream' | 'stale';

export interface UpstreamCounters {
  requests: number;
  errors: number;
  refused: number;
}

/** A small counting semaphore. */
class Gate {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Map tiles for the hall: an imported MBTiles file first, then the cache, then the upstream
 * (stored on success). The upstream is asked politely: a descriptive User-Agent, at most
 * `concurrency` requests at a time, never while the stored copy is fresh; errors, non-images
 * and oversized answers are never stored.
 */
export class TileService {
  readonly store: TileStore;
  readonly upstreamUrl: string;
  readonly maxAgeMs: number;
  readonly counters: UpstreamCounters = { requests: 0, errors: 0, refused: 0 };
  private readonly gate: Gate;
  private readonly maxTileBytes: number;
  private readonly timeoutMs: number;
  private readonly inflight = new Map<string, Promise<StoredTile | null>>();
  private mbtiles: MbtilesSource | null = null;
  private readonly dataDir: string;

  constructor(opts: TileServiceOptions) {
    this.dataDir = opts.dataDir;
    this.store = opts.store ?? new SqliteTileStore(opts.dataDir);
    this.upstreamUrl = opts.upstreamUrl;
    this.maxAgeMs = opts.maxAgeMs ?? 30 * 24 * 3600_000;
    this.maxTileBytes = opts.maxTileBytes ?? 1024 * 1024;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.gate = new Gate(Math.max(1, opts.concurrency ?? 4));
    this.reloadMbtiles();
  }

  /** (Re)open DATA_DIR/source.mbtiles when present; a damaged file is reported and skipped. */
  reloadMbtiles(): void {
    this.mbtiles?.close();
    this.mbtiles = null;
    const file = path.join(this.dataDir, IMPORTED_MBTILES_FILE);
    if (!fs.existsSync(file)) return;
    try {
      this.mbtiles = MbtilesSource.open(file);
    } catch (err) {
      console.error(`[tiles] ${file} is not usable: ${(err as Error).message}`);
    }
  }

  get mbtilesName(): string | null {
    return this.mbtiles?.name ?? null;
  }

  mbtilesStats(): TileStats | null {
    return this.mbtiles?.stats() ?? null;
  }

  /** The tile for z/x/y and where it came from, or null when nobody has it. */
  async get(z: number, x: number, y: number, now = Date.now()): Promise<{ tile: StoredTile; origin: TileOrigin } | null> {
    const imported = this.mbtiles?.get(z, x, y);
    if (imported) return { tile: imported, origin: 'mbtiles' };
    const cached = await this.store.get(z, x, y);
    if (cached && now - cached.fetchedAt < this.maxAgeMs) return { tile: cached, origin: 'cache' };
    const fetched = await this.fetchAndStore(z, x, y);
    if (fetched) return { tile: fetched, origin: 'upstream' };
    return cached ? { tile: cached, origin: 'stale' } : null;
  }

  /** True when z/x/y is held and fresh (no upstream request needed). */
  async isFresh(z: number, x: number, y: number, now = Date.now()): Promise<boolean> {
    if (this.mbtiles?.get(z, x, y)) return true;
    const at = await this.store.fetchedAt(z, x, y);
    return at !== null && now - at < this.maxAgeMs;
  }

  /** Fetch z/x/y from the upstream and store it; null on any failure (nothing stored). */
  fetchAndStore(z: number, x: number, y: number): Promise<StoredTile | null> {
    if (!this.upstreamUrl) return Promise.resolve(null);
    const key = `${z}/${x}/${y}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.gate
      .run(() => this.fetchUpstream(z, x, y))
      .then(async (tile) => {
        if (tile) await this.store.put(z, x, y, tile);
        return tile;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async fetchUpstream(z: number, x: number, y: number): Promise<StoredTile | null> {
    const url = this.upstreamUrl.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
    this.counters.requests++;
    try {
      const res = await fetch(url, { headers: { 'user-agent': TILE_USER_AGENT, accept: 'image/png,image/jpeg,image/webp' }, signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) {
        this.counters.errors++;
        await res.body?.cancel();
        return null;
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > this.maxTileBytes) {
        this.counters.refused++;
        await res.body?.cancel();
        return null;
      }
      const data = await readLimited(res, this.maxTileBytes);
      const type = data && imageTypeOf(data);
      if (!data || !type) {
        this.counters.refused++;
        return null;
      }
      return { data, contentType: type, fetchedAt: Date.now() };
    } catch {
      this.counters.errors++;
      return null;
    }
  }

  async stats(): Promise<TileStats> {
    return this.store.stats();
  }

  close(): void {
    this.mbtiles?.close();
    this.store.close();
  }
}

async function readLimited(res: Response, limit: number): Promise<Buffer | null> {
  if (!res.body) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
