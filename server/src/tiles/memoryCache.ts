import { createHash } from 'node:crypto';
import type { StoredTile } from './tileStore.js';

export type HotOrigin = 'mbtiles' | 'pmtiles' | 'cache';

export interface HotTile {
  tile: StoredTile;
  origin: HotOrigin;
  /** Strong validator for If-None-Match: a hash of the bytes, quoted. */
  etag: string;
}

/** A strong ETag for tile bytes (computed once, when a tile enters the memory cache). */
export function tileEtag(data: Uint8Array): string {
  return `"${createHash('sha1').update(data).digest('base64url').slice(0, 20)}"`;
}

/**
 * The hot tiles in memory, least recently used dropped first, bounded by their bytes
 * (TILE_MEMORY_MB). When 40 phones open the same district at once they ask for the same few
 * hundred tiles: those are answered without touching SQLite or hashing anything again.
 */
export class TileMemoryCache {
  private readonly map = new Map<string, HotTile>();
  private size = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.map.size;
  }

  get(key: string): HotTile | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // most recently used goes to the end of the Map's order
    this.map.delete(key);
    this.map.set(key, hit);
    return hit;
  }

  set(key: string, tile: StoredTile, origin: HotOrigin): HotTile {
    const hot: HotTile = { tile, origin, etag: tileEtag(tile.data) };
    if (this.maxBytes <= 0 || tile.data.length > this.maxBytes) return hot;
    this.delete(key);
    this.map.set(key, hot);
    this.size += tile.data.length;
    for (const [k, v] of this.map) {
      if (this.size <= this.maxBytes) break;
      this.map.delete(k);
      this.size -= v.tile.data.length;
    }
    return hot;
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (!old) return;
    this.map.delete(key);
    this.size -= old.tile.data.length;
  }

  clear(): void {
    this.map.clear();
    this.size = 0;
  }
}
