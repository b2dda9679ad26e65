/** What an import produces before anything is written: places to add, and rows it could not place. */
export interface ImportCandidate {
  /** 1-based line (CSV) or feature number (GeoJSON). */
  line: number;
  /** Stable key of the source row: importing the same file again finds it and adds nothing. */
  sourceKey: string;
  name: string;
  lat: number;
  lng: number;
  address?: string | undefined;
  phone?: string | undefined;
  hours?: string | undefined;
  note?: string | undefined;
  /** Category given by the data itself (a tsunagu GeoJSON export); used only when asked. */
  category?: string | undefined;
}

export type ImportReason = 'no-coordinates' | 'bad-coordinates' | 'out-of-range' | 'no-name' | 'not-a-point' | 'duplicate-in-file';

export const IMPORT_REASON_LABELS: Record<ImportReason, { ja: string; en: string }> = {
  'no-coordinates': { ja: '緯度・経度がありません', en: 'No latitude/longitude' },
  'bad-coordinates': { ja: '緯度・経度が数値ではありません', en: 'Latitude/longitude is not a number' },
  'out-of-range': { ja: '緯度・経度が範囲外です', en: 'Latitude/longitude out of range' },
  'no-name': { ja: '名称がありません', en: 'No name' },
  'not-a-point': { ja: '点（Point）ではありません', en: 'Not a point' },
  'duplicate-in-file': { ja: 'ファイル内で重複しています', en: 'Duplicate row in the file' },
};

export interface ImportProblem {
  line: number;
  name: string;
  reason: ImportReason;
  /** The raw value that caused it, when there is one (e.g. the bad coordinate). */
  detail?: string | undefined;
}

export interface ParsedImport {
  format: 'csv' | 'geojson';
  /** Data rows read (placed + problems). */
  total: number;
  rows: ImportCandidate[];
  problems: ImportProblem[];
}

/** The file cannot be read at all (no name column, not JSON, …). */
export class ImportFormatError extends Error {
  constructor(
    message: string,
    readonly messageJa: string,
  ) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

/**
 * Check a coordinate pair. Tolerates swapped columns (経度 in 緯度) when the swap is
 * unambiguous for Japan. Returns the pair or the reason it cannot be placed.
 */
export function checkCoordinates(lat: number | undefined, lng: number | undefined): { lat: number; lng: number } | ImportReason {
  if (lat === undefined || lng === undefined) return 'bad-coordinates';
  if (lat === 0 && lng === 0) return 'no-coordinates';
  if (Math.abs(lat) > 90 && Math.abs(lng) <= 90 && Math.abs(lat) <= 180) return { lat: lng, lng: lat };
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return 'out-of-range';
  return { lat, lng };
}
