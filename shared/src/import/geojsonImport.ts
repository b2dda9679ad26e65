import { checkCoordinates, ImportFormatError, type ImportCandidate, type ImportProblem, type ParsedImport } from './importTypes.js';
import { cleanCode, cleanText, stableHash } from './normalize.js';

/**
 * Read GeoJSON points (a FeatureCollection, a single Feature or a bare Point) into places.
 * Understands tsunagu's own export (text, address, phone, hours, category, sourceKey) and
 * common open-data property names (name, 名称, 住所, 電話番号, …). Anything that is not a
 * point is listed as a problem, not dropped silently.
 */
const pick = (props: Record<string, unknown>, keys: readonly string[]): string | undefined => {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseGeoJsonPoints(text: string): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ImportFormatError('not valid JSON', 'JSONとして読めません');
  }
  let features: unknown[];
  if (isObj(json) && json.type === 'FeatureCollection' && Array.isArray(json.features)) features = json.features;
  else if (isObj(json) && json.type === 'Feature') features = [json];
  else if (isObj(json) && json.type === 'Point') features = [{ type: 'Feature', geometry: json, properties: {} }];
  else throw new ImportFormatError('not a GeoJSON FeatureCollection', 'GeoJSON（FeatureCollection）ではありません');

  const rows: ImportCandidate[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  features.forEach((f, index) => {
    const line = index + 1;
    const props = isObj(f) && isObj(f.properties) ? f.properties : {};
    const name = cleanText(pick(props, ['text', 'name', '名称', 'title', '施設名']));
    const geom = isObj(f) ? f.geometry : undefined;
    if (!isObj(geom) || geom.type !== 'Point' || !Array.isArray(geom.coordinates)) {
      problems.push({ line, name, reason: 'not-a-point', detail: isObj(geom) ? String(geom.type) : 'null' });
      return;
    }
    if (name === '') {
      problems.push({ line, name: '', reason: 'no-name' });
      return;
    }
    const [lng, lat] = geom.coordinates as unknown[];
    if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) {
      problems.push({ line, name, reason: 'bad-coordinates' });
      return;
    }
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      problems.push({ line, name, reason: 'out-of-range', detail: `${lng}, ${lat}` });
      return;
    }
    const pos = checkCoordinates(lat, lng);
    if (typeof pos === 'string') {
      problems.push({ line, name, reason: pos });
      return;
    }
    const id = pick(props, ['id', 'ID', 'NO', 'No']) ?? (isObj(f) && (typeof f.id === 'string' || typeof f.id === 'number') ? String(f.id) : '');
    const givenKey = pick(props, ['sourceKey']);
    const sourceKey = givenKey ?? `gj-${stableHash([id, name, lat.toFixed(6), lng.toFixed(6)].join('\u0001'))}`;
    if (seen.has(sourceKey)) {
      problems.push({ line, name, reason: 'duplicate-in-file' });
      return;
    }
    seen.add(sourceKey);
    rows.push({
      line,
      sourceKey,
      name,
      lat: pos.lat,
      lng: pos.lng,
      address: cleanText(pick(props, ['address', '所在地_連結表記', '住所', '所在地'])) || undefined,
      phone: cleanCode(pick(props, ['phone', '電話番号', 'tel'])) || undefined,
      hours: cleanText(pick(props, ['hours', '利用可能時間'])) || undefined,
      category: pick(props, ['category']),
    });
  });
  return { format: 'geojson', total: features.length, rows, problems };
}
