import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { imageTypeOf } from './tileMath.js';
import type { StoredTile, TileStats } from './tileStore.js';

export const IMPORTED_MBTILES_FILE = 'source.mbtiles';

export class MbtilesError extends Error {}

/**
 * A read-only MBTiles file (SQLite with `metadata` and `tiles (zoom_level, tile_column,
 * tile_row, tile_data)`; rows are TMS: y flipped). Used as a fully offline tile source.
 */
export class MbtilesSource {
  private readonly db: Database.Database;
  private readonly stmt: Database.Statement<[number, number, number], { tile_data: Buffer }>;
  readonly name: string;

  private constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.stmt = this.db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    const nameRow = this.db.prepare("SELECT value FROM metadata WHERE name = 'name'").get() as { value: string } | undefined;
    this.name = nameRow?.value ?? path.basename(file);
  }

  /** Open and check a file; throws MbtilesError with a plain reason when it is not a usable MBTiles file. */
  static open(file: string): MbtilesSource {
    let src: MbtilesSource | null = null;
    try {
      src = new MbtilesSource(file);
      const ok = src.db.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw new MbtilesError(`the file is damaged (${String(ok)})`);
      const sample = src.db.prepare('SELECT tile_data FROM tiles LIMIT 1').get() as { tile_data: Buffer } | undefined;
      if (!sample) throw new MbtilesError('the file holds no tiles');
      if (!Buffer.isBuffer(sample.tile_data) || !imageTypeOf(sample.tile_data))
        throw new MbtilesError('the tiles are not PNG, JPEG or WebP images (vector tiles are not supported)');
      return src;
    } catch (err) {
      src?.close();
      if (err instanceof MbtilesError) throw err;
      throw new MbtilesError(`not an MBTiles file: ${(err as Error).message}`);
    }
  }

  get(z: number, x: number, y: number): StoredTile | null {
    const r = this.stmt.get(z, x, 2 ** z - 1 - y);
    if (!r || !Buffer.isBuffer(r.tile_data)) return null;
    const type = imageTypeOf(r.tile_data);
    return type ? { data: r.tile_data, contentType: type, fetchedAt: 0 } : null;
  }

  stats(): TileStats {
    return this.db
      .prepare('SELECT count(*) AS count, coalesce(sum(length(tile_data)), 0) AS bytes, min(zoom_level) AS minZoom, max(zoom_level) AS maxZoom FROM tiles')
      .get() as TileStats;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Check `tmpFile` and, when it is a usable MBTiles file, move it into place as the server's
 * offline source. A bad file throws MbtilesError and the current source stays as it was.
 */
export function installMbtiles(dataDir: string, tmpFile: string): { file: string; stats: TileStats; name: string } {
  const check = MbtilesSource.open(tmpFile);
  const stats = check.stats();
  const name = check.name;
  check.close();
  const target = path.join(dataDir, IMPORTED_MBTILES_FILE);
  fs.renameSync(tmpFile, target);
  return { file: target, stats, name };
}
