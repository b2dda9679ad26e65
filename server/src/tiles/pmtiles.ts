import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Compression, PMTiles, TileType, type DecompressFunc, type Header, type RangeResponse, type Source } from 'pmtiles';
import { MbtilesError } from './mbtiles.js';
import { imageTypeOf } from './tileMath.js';
import type { StoredTile, TileStats } from './tileStore.js';

export const IMPORTED_PMTILES_FILE = 'source.pmtiles';

/** Bytes 0–6 of every PMTiles archive. */
export const PMTILES_MAGIC = 'PMTiles';

/** A PMTiles archive read from a local file through an open handle (the library's Source interface). */
class FileHandleSource implements Source {
  constructor(
    private readonly fh: fs.promises.FileHandle,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = new Uint8Array(length);
    const { bytesRead } = await this.fh.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(0, bytesRead) };
  }
}

/** Directories and tiles inflated with Node's zlib (gzip, brotli); zstd is refused plainly. */
const decompress: DecompressFunc = (buf, compression) => {
  const b = new Uint8Array(buf);
  const out = (u: Buffer) => Promise.resolve(u.buffer.slice(u.byteOffset, u.byteOffset + u.length) as ArrayBuffer);
  if (compression === Compression.None || compression === Compression.Unknown) return Promise.resolve(buf);
  if (compression === Compression.Gzip) return out(zlib.gunzipSync(b));
  if (compression === Compression.Brotli) return out(zlib.brotliDecompressSync(b));
  return Promise.reject(new MbtilesError('the archive uses zstd compression, which this server cannot read; convert it with gzip or no compression'));
};

const RASTER: Partial<Record<TileType, string>> = { [TileType.Png]: 'image/png', [TileType.Jpeg]: 'image/jpeg', [TileType.Webp]: 'image/webp' };

/**
 * A read-only PMTiles v3 archive of raster tiles (protomaps' `pmtiles` library does the
 * reading: header, Hilbert tile ids, directories); used as a fully offline tile source like an
 * MBTiles file. Vector archives are refused: the map draws raster tiles.
 */
export class PmtilesSource {
  private constructor(
    private readonly fh: fs.promises.FileHandle,
    private readonly archive: PMTiles,
    readonly header: Header,
    readonly name: string,
  ) {}

  /** Open and check a file; throws MbtilesError (the import error) with a plain reason. */
  static async open(file: string): Promise<PmtilesSource> {
    let fh: fs.promises.FileHandle | null = null;
    try {
      fh = await fs.promises.open(file, 'r');
      const head = new Uint8Array(8);
      await fh.read(head, 0, 8, 0);
      if (Buffer.from(head.subarray(0, 7)).toString('latin1') !== PMTILES_MAGIC) throw new MbtilesError('not a PMTiles file (wrong magic number)');
      if (head[7] !== 3) throw new MbtilesError(`PMTiles spec version ${head[7]} is not supported (only version 3)`);
      const archive = new PMTiles(new FileHandleSource(fh, file), undefined, decompress);
      const header = await archive.getHeader();
      const type = RASTER[header.tileType];
      if (!type) throw new MbtilesError('the tiles are not PNG, JPEG or WebP images (vector tiles are not supported)');
      const size = (await fh.stat()).size;
      if (header.tileDataOffset + (header.tileDataLength ?? 0) > size || header.rootDirectoryOffset + header.rootDirectoryLength > size)
        throw new MbtilesError('the file is cut short (its header points past the end)');
      if (header.minZoom > header.maxZoom) throw new MbtilesError('the header is damaged (minZoom > maxZoom)');
      let name = path.basename(file);
      try {
        const meta = (await archive.getMetadata()) as { name?: unknown } | null;
        if (meta && typeof meta.name === 'string' && meta.name) name = meta.name;
      } catch {
        // metadata is optional for serving tiles
      }
      if (!header.numAddressedTiles) throw new MbtilesError('the file holds no tiles');
      // the directories must read and a tile must be an image: the centre tile at the lowest zoom
      const sample = await archive.getZxy(...centreTile(header));
      if (sample && !imageTypeOf(new Uint8Array(sample.data))) throw new MbtilesError('the tiles are not PNG, JPEG or WebP images');
      return new PmtilesSource(fh, archive, header, name);
    } catch (err) {
      await fh?.close().catch(() => undefined);
      if (err instanceof MbtilesError) throw err;
      throw new MbtilesError(`not a usable PMTiles file: ${(err as Error).message}`);
    }
  }

  async get(z: number, x: number, y: number): Promise<StoredTile | null> {
    if (z < this.header.minZoom || z > this.header.maxZoom) return null;
    const r = await this.archive.getZxy(z, x, y);
    if (!r) return null;
    const data = Buffer.from(r.data);
    const type = imageTypeOf(data);
    return type ? { data, contentType: type, fetchedAt: 0 } : null;
  }

  stats(): TileStats {
    return { count: this.header.numAddressedTiles, bytes: this.header.tileDataLength ?? 0, minZoom: this.header.minZoom, maxZoom: this.header.maxZoom };
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

function centreTile(h: Header): [number, number, number] {
  const z = h.minZoom;
  const n = 2 ** z;
  const lat = Math.max(-85, Math.min(85, h.centerLat || (h.minLat + h.maxLat) / 2));
  const lng = h.centerLon || (h.minLon + h.maxLon) / 2;
  const r = (lat * Math.PI) / 180;
  const x = Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
  const y = Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n)));
  return [z, x, y];
}

/** True when the file starts like a PMTiles archive. */
export function looksLikePmtiles(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(7);
    fs.readSync(fd, b, 0, 7, 0);
    return b.toString('latin1') === PMTILES_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}
