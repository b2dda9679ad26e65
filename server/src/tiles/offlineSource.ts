import fs from 'node:fs';
import path from 'node:path';
import { IMPORTED_MBTILES_FILE, MbtilesError, MbtilesSource } from './mbtiles.js';
import { IMPORTED_PMTILES_FILE, looksLikePmtiles, PmtilesSource } from './pmtiles.js';
import type { StoredTile, TileStats } from './tileStore.js';

export type OfflineFormat = 'mbtiles' | 'pmtiles';

/** The server's one imported map file (MBTiles or PMTiles), read before the cache. */
export interface OfflineSource {
  readonly format: OfflineFormat;
  readonly name: string;
  get(z: number, x: number, y: number): Promise<StoredTile | null>;
  stats(): TileStats;
  close(): Promise<void>;
}

function fromMbtiles(src: MbtilesSource): OfflineSource {
  return {
    format: 'mbtiles',
    name: src.name,
    get: (z, x, y) => Promise.resolve(src.get(z, x, y)),
    stats: () => src.stats(),
    close: () => Promise.resolve(src.close()),
  };
}

function fromPmtiles(src: PmtilesSource): OfflineSource {
  return { format: 'pmtiles', name: src.name, get: (z, x, y) => src.get(z, x, y), stats: () => src.stats(), close: () => src.close() };
}

/** Open DATA_DIR's imported map file, the PMTiles one first when both are there; null when none. */
export async function openOfflineSource(dataDir: string): Promise<OfflineSource | null> {
  const pm = path.join(dataDir, IMPORTED_PMTILES_FILE);
  if (fs.existsSync(pm)) return fromPmtiles(await PmtilesSource.open(pm));
  const mb = path.join(dataDir, IMPORTED_MBTILES_FILE);
  if (fs.existsSync(mb)) return fromMbtiles(MbtilesSource.open(mb));
  return null;
}

/**
 * Check `tmpFile` (an MBTiles or a PMTiles file, told apart by its first bytes) and, when it is
 * usable, move it into place as the server's offline source, replacing the other format's file.
 * A bad file throws MbtilesError and the current source stays exactly as it was.
 */
export async function installOfflineSource(dataDir: string, tmpFile: string): Promise<{ file: string; stats: TileStats; name: string; format: OfflineFormat }> {
  let format: OfflineFormat;
  let stats: TileStats;
  let name: string;
  if (looksLikePmtiles(tmpFile)) {
    const check = await PmtilesSource.open(tmpFile);
    stats = check.stats();
    name = check.name;
    await check.close();
    format = 'pmtiles';
  } else {
    if (!fs.statSync(tmpFile).size) throw new MbtilesError('the file is empty');
    const check = MbtilesSource.open(tmpFile);
    stats = check.stats();
    name = check.name;
    check.close();
    format = 'mbtiles';
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, format === 'pmtiles' ? IMPORTED_PMTILES_FILE : IMPORTED_MBTILES_FILE);
  fs.renameSync(tmpFile, target);
  fs.rmSync(path.join(dataDir, format === 'pmtiles' ? IMPORTED_MBTILES_FILE : IMPORTED_PMTILES_FILE), { force: true });
  return { file: target, stats, name, format };
}
