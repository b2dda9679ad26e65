import { tilesOf, uniqueTileCount, type TileRange } from './tileMath.js';
import type { TileService } from './tileService.js';

/** Bytes per tile assumed for the estimate before anything is stored (地理院 standard tiles average ≈ 25 KB). */
export const DEFAULT_TILE_BYTES = 25_000;

export type PrefetchState = 'running' | 'done' | 'cancelled';

export interface PrefetchProgress {
  state: PrefetchState;
  total: number;
  /** Tiles looked at so far (fetched + already fresh + failed). */
  done: number;
  fetched: number;
  skipped: number;
  failed: number;
  bytes: number;
  minZoom: number;
  maxZoom: number;
  startedAt: number;
  finishedAt: number | null;
}

/**
 * One prefetch: every tile of the ranges that is not already fresh is fetched (through the
 * service's concurrency cap). Cancel stops it between tiles; starting the same ranges again
 * resumes, because the tiles already stored are skipped.
 */
export class PrefetchJob {
  readonly progress: PrefetchProgress;
  private cancelled = false;
  readonly finished: Promise<PrefetchProgress>;

  constructor(
    private readonly service: TileService,
    ranges: readonly TileRange[],
    workers = 4,
  ) {
    const zs = ranges.map((r) => r.z);
    this.progress = {
      state: 'running',
      total: uniqueTileCount(ranges),
      done: 0,
      fetched: 0,
      skipped: 0,
      failed: 0,
      bytes: 0,
      minZoom: Math.min(...zs),
      maxZoom: Math.max(...zs),
      startedAt: Date.now(),
      finishedAt: null,
    };
    const it = tilesOf(ranges);
    const worker = async (): Promise<void> => {
      for (;;) {
        if (this.cancelled) return;
        const next = it.next();
        if (next.done) return;
        const { z, x, y } = next.value;
        if (await service.isFresh(z, x, y)) this.progress.skipped++;
        else {
          const tile = await service.fetchAndStore(z, x, y);
          if (tile) {
            this.progress.fetched++;
            this.progress.bytes += tile.data.length;
          } else this.progress.failed++;
        }
        this.progress.done++;
      }
    };
    this.finished = Promise.all(Array.from({ length: Math.max(1, workers) }, worker)).then(() => {
      this.progress.state = this.cancelled ? 'cancelled' : 'done';
      this.progress.finishedAt = Date.now();
      return this.progress;
    });
  }

  cancel(): void {
    this.cancelled = true;
  }
}

/** Count and estimated size of a prefetch before it starts. */
export async function estimate(service: TileService, ranges: readonly TileRange[]): Promise<{ tiles: number; estimatedBytes: number; minZoom: number; maxZoom: number }> {
  const s = await service.stats();
  const avg = s.count >= 20 ? s.bytes / s.count : DEFAULT_TILE_BYTES;
  const tiles = uniqueTileCount(ranges);
  const zs = ranges.map((r) => r.z);
  return { tiles, estimatedBytes: Math.round(tiles * avg), minZoom: Math.min(...zs), maxZoom: Math.max(...zs) };
}

/** 「保存済み：1,234枚・38MB・z12–18」 */
export function storedLabel(s: { count: number; bytes: number; minZoom: number | null; maxZoom: number | null }): { ja: string; en: string } {
  const mb = s.bytes / 1_000_000;
  const size = mb >= 10 ? `${Math.round(mb)}MB` : `${mb.toFixed(1)}MB`;
  const z = s.minZoom === null ? '' : s.minZoom === s.maxZoom ? `・z${s.minZoom}` : `・z${s.minZoom}–${s.maxZoom}`;
  const n = s.count.toLocaleString('en-US');
  return { ja: `保存済み：${n}枚・${size}${z}`, en: `Stored: ${n} tiles · ${size}${z.replace('・', ' · ')}` };
}
