import { headerKey } from './normalize.js';

/**
 * Header variants found in municipal open data, mapped to the fields tsunagu imports.
 * 自治体標準オープンデータセット uses 名称 / 所在地_連結表記 / 緯度 / 経度 / 電話番号 / ID;
 * the older 推奨データセット and many portals use 住所, 所在地, NO, 番号, lat/lng …
 * Matching ignores width, case, spaces, underscores and brackets (see headerKey).
 */
export type ImportField = 'name' | 'address' | 'lat' | 'lng' | 'phone' | 'id' | 'days' | 'open' | 'close' | 'hours' | 'note';

const VARIANTS: Record<ImportField, readonly string[]> = {
  name: ['名称', '施設名', '施設名称', '事業所名', '事業所名称', '名前', '避難所名', '避難場所名', 'name', 'title'],
  address: ['所在地_連結表記', '住所', '所在地', '所在地住所', '住所表記', '所在地_全国地方公共団体コード以外', 'address'],
  lat: ['緯度', 'lat', 'latitude', 'y座標緯度'],
  lng: ['経度', 'lng', 'lon', 'long', 'longitude', 'x座標経度'],
  phone: ['電話番号', '電話', 'tel', 'phone', 'telephone', '連絡先電話番号'],
  id: ['ID', 'NO', 'No.', '番号', '施設ID', '連番', 'id'],
  days: ['利用可能曜日', '開館日', '営業日'],
  open: ['開始時間', '開館時間', '営業開始時間'],
  close: ['終了時間', '閉館時間', '営業終了時間'],
  hours: ['利用可能時間', '利用時間', '営業時間', 'hours'],
  note: ['備考', 'note', 'notes', 'remarks'],
};

const LOOKUP = new Map<string, ImportField>();
for (const [field, names] of Object.entries(VARIANTS) as [ImportField, readonly string[]][])
  for (const n of names) LOOKUP.set(headerKey(n), field);

/** Field → column index of a header row; the first matching column wins. */
export type HeaderMapping = Partial<Record<ImportField, number>>;

export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const m: HeaderMapping = {};
  headers.forEach((h, i) => {
    const f = LOOKUP.get(headerKey(h));
    if (f !== undefined && m[f] === undefined) m[f] = i;
  });
  return m;
}
