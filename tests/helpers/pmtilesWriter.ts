import zlib from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/**
 * A minimal PMTiles v3 writer for tests, written from the specification
 * (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a 127-byte header, one root
 * directory (gzip, or none), JSON metadata, then the tile data. Tile ids are the library's
 * Hilbert ids (zxyToTileId); everything else is laid out here, independently of the reader.
 */
export interface PmtilesTile {
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

function varint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function writePmtiles(
  tiles: PmtilesTile[],
  opts: { tileType?: number; name?: string; gzipDirectory?: boolean; center?: { lat: number; lng: number; zoom: number } } = {},
): Buffer {
  const entries = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data, z: t.z })).sort((a, b) => a.id - b.id);
  // tile data in id order; each entry's offset into the data section
  let offset = 0;
  const placed = entries.map((e) => {
    const p = { ...e, offset };
    offset += e.data.length;
    return p;
  });
  const dir: number[] = [];
  varint(dir, placed.length);
  let last = 0;
  for (const e of placed) {
    varint(dir, e.id - last);
    last = e.id;
  }
  for (const _ of placed) varint(dir, 1); // run lengths
  for (const e of placed) varint(dir, e.data.length);
  placed.forEach((e, i) => {
    const prev = placed[i - 1];
    varint(dir, i > 0 && prev && e.offset === prev.offset + prev.data.length ? 0 : e.offset + 1);
  });
  const gzip = opts.gzipDirectory ?? true;
  const rootDir = gzip ? zlib.gzipSync(Buffer.from(dir)) : Buffer.from(dir);
  const metadata = Buffer.from(JSON.stringify({ name: opts.name ?? 'test map', format: 'png' }), 'utf8');
  const metaBytes = gzip ? zlib.gzipSync(metadata) : metadata;
  const tileData = Buffer.concat(placed.map((e) => e.data));

  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  const rootOffset = 127;
  const metaOffset = rootOffset + rootDir.length;
  const dataOffset = metaOffset + metaBytes.length;
  u64(8, rootOffset);
  u64(16, rootDir.length);
  u64(24, metaOffset);
  u64(32, metaBytes.length);
  u64(40, dataOffset); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, placed.length); // addressed tiles
  u64(80, placed.length); // tile entries
  u64(88, placed.length); // tile contents
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(gzip ? 2 : 1, 97); // internal compression
  h.writeUInt8(1, 98); // tile compression: none (PNG is compressed already)
  h.writeUInt8(opts.tileType ?? 2, 99); // 2 = PNG
  const zooms = placed.map((e) => e.z);
  h.writeUInt8(Math.min(...zooms), 100);
  h.writeUInt8(Math.max(...zooms), 101);
  const c = opts.center ?? { lat: 35.9251, lng: 139.4858, zoom: Math.min(...zooms) };
  const e7 = (v: number) => Math.round(v * 1e7);
  h.writeInt32LE(e7(c.lng - 0.05), 102);
  h.writeInt32LE(e7(c.lat - 0.05), 106);
  h.writeInt32LE(e7(c.lng + 0.05), 110);
  h.writeInt32LE(e7(c.lat + 0.05), 114);
  h.writeUInt8(c.zoom, 118);
  h.writeInt32LE(e7(c.lng), 119);
  h.writeInt32LE(e7(c.lat), 123);
  return Buffer.concat([h, rootDir, metaBytes, tileData]);
}
