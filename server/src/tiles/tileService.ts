import { TileMemoryCache, tileEtag, type HotTile } from './memoryCache.js';
import { openOfflineSource, type OfflineSource } from './offlineSource.js';
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
  /** Bytes of hot tiles kept in memory (TILE_MEMORY_MB); 0 turns the memory cache off. */
  memoryBytes?: number;
}

export const DEFAULT_TILE_MEMORY_BYTES = 32 * 1024 * 1024;

export type TileOrigin = 'mbtiles' | 'pmtiles' | 'cache' | 'upstream' | 'stale';

export interface ServedTile {
  tile: StoredTile;
  origin: TileOrigin;
  /** Strong validator (hash of the bytes), for ETag / If-None-Match. */
  etag: string;
}

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
 * Map tiles for the hall: the hot tiles in memory, then an imported MBTiles or PMTiles file,
 * then the cache, then the upstream (stored on success). The upstream is asked politely: a descriptive User-Agent, at most
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
  private offline: OfflineSource | null = null;
  private offlineReady: Promise<void> = Promise.resolve();
  private readonly dataDir: string;
  readonly memory: TileMemoryCache;

  constructor(opts: TileServiceOptions) {
    this.dataDir = opts.dataDir;
    this.store = opts.store ?? new SqliteTileStore(opts.dataDir);
    this.upstreamUrl = opts.upstreamUrl;
    this.maxAgeMs = opts.maxAgeMs ?? 30 * 24 * 3600_000;
    this.maxTileBytes = opts.maxTileBytes ?? 1024 * 1024;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.gate = new Gate(Math.max(1, opts.concurrency ?? 4));
    this.memory = new TileMemoryCache(opts.memoryBytes ?? DEFAULT_TILE_MEMORY_BYTES);
    void this.reloadOffline();
  }

  /**
   * (Re)open DATA_DIR's imported map file (source.pmtiles or source.mbtiles) when present; a
   * damaged file is reported and skipped. Tile requests wait for it.
   */
  reloadOffline(): Promise<void> {
    const previous = this.offline;
    this.offline = null;
    this.memory.clear();
    this.offlineReady = (async () => {
      await previous?.close();
      try {
        this.offline = await openOfflineSource(this.dataDir);
      } catch (err) {
        console.error(`[tiles] the imported map file in ${this.dataDir} is not usable: ${(err as Error).message}`);
      }
    })();
    return this.offlineReady;
  }

  /** @deprecated the imported file may be MBTiles or PMTiles: use reloadOffline(). */
  reloadMbtiles(): Promise<void> {
    return this.reloadOffline();
  }

  /** The imported map file's name (MBTiles metadata name, PMTiles metadata name or file name). */
  get mbtilesName(): string | null {
    return this.offline?.name ?? null;
  }

  get offlineFormat(): 'mbtiles' | 'pmtiles' | null {
    return this.offline?.format ?? null;
  }

  mbtilesStats(): TileStats | null {
    return this.offline?.stats() ?? null;
  }

  /** A fresh tile held in memory, synchronously (the hit path: no SQLite, no hashing, no await). */
  hot(z: number, x: number, y: number, now = Date.now()): HotTile | null {
    const hit = this.memory.get(`${z}/${x}/${y}`);
    if (!hit) return null;
    if (hit.origin === 'cache' && now - hit.tile.fetchedAt >= this.maxAgeMs) {
      this.memory.delete(`${z}/${x}/${y}`);
      return null;
    }
    return hit;
  }

  /** The tile for z/x/y, where it came from and its ETag, or null when nobody has it. */
  async get(z: number, x: number, y: number, now = Date.now()): Promise<ServedTile | null> {
    const hit = this.hot(z, x, y, now);
    if (hit) return hit;
    await this.offlineReady;
    const key = `${z}/${x}/${y}`;
    const offline = this.offline;
    const imported = offline ? await offline.get(z, x, y).catch(() => null) : null;
    if (imported && offline) return this.memory.set(key, imported, offline.format);
    const cached = await this.store.get(z, x, y);
    if (cached && now - cached.fetchedAt < this.maxAgeMs) return this.memory.set(key, cached, 'cache');
    const fetched = await this.fetchAndStore(z, x, y);
    if (fetched) return { ...this.memory.set(key, fetched, 'cache'), origin: 'upstream' };
    // a stale copy is served but not kept in memory, so the next request asks the upstream again
    return cached ? { tile: cached, origin: 'stale', etag: tileEtag(cached.data) } : null;
  }

  /** True when z/x/y is held and fresh (no upstream request needed). */
  async isFresh(z: number, x: number, y: number, now = Date.now()): Promise<boolean> {
    await this.offlineReady;
    if (this.offline && (await this.offline.get(z, x, y).catch(() => null))) return true;
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
    void this.offline?.close();
    this.offline = null;
    this.memory.clear();
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
