import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface StoredTile {
  data: Buffer;
  contentType: string;
  /** When it was fetched from the upstream (ms since epoch). */
  fetchedAt: number;
}

export interface TileStats {
  count: number;
  bytes: number;
  minZoom: number | null;
  maxZoom: number | null;
}

/**
 * Where fetched map tiles are kept. Asynchronous on purpose, so that a PostgreSQL
 * implementation can stand beside the SQLite one without changing callers.
 */
export interface TileStore {
  get(z: number, x: number, y: number): Promise<StoredTile | null>;
  put(z: number, x: number, y: number, tile: StoredTile): Promise<void>;
  /** fetchedAt of a stored tile, or null (cheaper than get: no image bytes). */
  fetchedAt(z: number, x: number, y: number): Promise<number | null>;
  stats(): Promise<TileStats>;
  close(): void;
}

export const TILE_CACHE_FILE = 'tiles.sqlite';

/** The tile cache in its own SQLite file, `DATA_DIR/tiles.sqlite` (kept apart from the workshop store so backups stay small). */
export class SqliteTileStore implements TileStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[number, number, number], { data: Buffer; content_type: string; fetched_at: number }>;
  private readonly ageStmt: Database.Statement<[number, number, number], { fetched_at: number }>;
  private readonly putStmt: Database.Statement<[number, number, number, Buffer, string, number]>;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, TILE_CACHE_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS tile_cache (
      z INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,
      data BLOB NOT NULL, content_type TEXT NOT NULL, fetched_at INTEGER NOT NULL,
      PRIMARY KEY (z, x, y)) WITHOUT ROWID`);
    this.getStmt = this.db.prepare('SELECT data, content_type, fetched_at FROM tile_cache WHERE z = ? AND x = ? AND y = ?');
    this.ageStmt = this.db.prepare('SELECT fetched_at FROM tile_cache WHERE z = ? AND x = ? AND y = ?');
    this.putStmt = this.db.prepare(
      'INSERT INTO tile_cache (z, x, y, data, content_type, fetched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (z, x, y) DO UPDATE SET data = excluded.data, content_type = excluded.content_type, fetched_at = excluded.fetched_at',
    );
  }

  get(z: number, x: number, y: number): Promise<StoredTile | null> {
    const r = this.getStmt.get(z, x, y);
    return Promise.resolve(r ? { data: r.data, contentType: r.content_type, fetchedAt: r.fetched_at } : null);
  }

  fetchedAt(z: number, x: number, y: number): Promise<number | null> {
    return Promise.resolve(this.ageStmt.get(z, x, y)?.fetched_at ?? null);
  }

  put(z: number, x: number, y: number, tile: StoredTile): Promise<void> {
    this.putStmt.run(z, x, y, tile.data, tile.contentType, tile.fetchedAt);
    return Promise.resolve();
  }

  stats(): Promise<TileStats> {
    const r = this.db
      .prepare('SELECT count(*) AS count, coalesce(sum(length(data)), 0) AS bytes, min(z) AS minZoom, max(z) AS maxZoom FROM tile_cache')
      .get() as TileStats;
    return Promise.resolve(r);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
