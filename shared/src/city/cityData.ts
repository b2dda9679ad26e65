import type { CityResource } from './mergeResources.js';

/**
 * The city view's answer (`GET /api/orgs/:org/city`, docs/PROTOCOL.md «Organisations and the
 * city»): what the server builds from the digests and the coordinator's screens read. `U` is
 * how a unit is described (the server's stored view, the client's typed one).
 */
export interface CityData<U> {
  org: { id: string; name: string };
  units: U[];
  workshops: { id: string; title: string; unitId: string | null; district: string }[];
  pins: CityPin[];
  resources: CityResource[];
  lifted: LiftedIssue[];
  categories: CityCategory[];
}

/** One public pin of the city map. */
export interface CityPin {
  workshopId: string;
  unitId: string | null;
  itemId: string;
  kind: string;
  category: string;
  categoryLabel: string;
  text: string;
  lat: number;
  lng: number;
  areaName?: string;
}

/** An issue a district's facilitator marked 「市へ上げる」. */
export interface LiftedIssue {
  workshopId: string;
  unitId: string | null;
  district: string;
  itemId: string;
  text: string;
  category: string;
  lane: string;
  laneLabel: string;
  votes: number;
  liftedAt: number;
}

export interface CityCategory {
  id: string;
  label: string;
  color: string;
  kind: string;
}

/**
 * The city map's answer (`GET /api/orgs/:org/city/map`): what the map needs to draw, with the
 * pins column by column — index i of every column is pin i — and the workshop, category and
 * area of each pin as an index into `workshops`, `categories` and `areas` (-1: no area). A
 * pin's unit, kind and category label are its workshop's and its category's. Positions are
 * rounded to 1e-6° (≈ 0.1 m). For 9,000 pins this is about a fifth of `/city`'s bytes, and
 * the browser parses arrays of numbers and short strings instead of 9,000 objects; the
 * merged resource list (`/city/resources`) follows once the map is drawn.
 */
export interface CityMapData<U> {
  org: { id: string; name: string };
  units: U[];
  workshops: CityData<U>['workshops'];
  categories: CityCategory[];
  areas: string[];
  pins: { workshop: number[]; category: number[]; itemId: string[]; text: string[]; lat: number[]; lng: number[]; area: number[] };
}

const micro = (v: number): number => Math.round(v * 1e6) / 1e6;

/** `/city`'s answer as the map's columns (CityMapData). */
export function packCityMap<U>(data: CityData<U>): CityMapData<U> {
  const workshopIndex = new Map(data.workshops.map((w, i) => [w.id, i]));
  const categoryIndex = new Map(data.categories.map((c, i) => [c.id, i]));
  const areas: string[] = [];
  const areaIndex = new Map<string, number>();
  const pins: CityMapData<U>['pins'] = { workshop: [], category: [], itemId: [], text: [], lat: [], lng: [], area: [] };
  for (const p of data.pins) {
    const w = workshopIndex.get(p.workshopId);
    const c = categoryIndex.get(p.category);
    if (w === undefined || c === undefined) continue;
    let a = -1;
    if (p.areaName) {
      a = areaIndex.get(p.areaName) ?? -1;
      if (a < 0) {
        a = areas.push(p.areaName) - 1;
        areaIndex.set(p.areaName, a);
      }
    }
    pins.workshop.push(w);
    pins.category.push(c);
    pins.itemId.push(p.itemId);
    pins.text.push(p.text);
    pins.lat.push(micro(p.lat));
    pins.lng.push(micro(p.lng));
    pins.area.push(a);
  }
  return { org: data.org, units: data.units, workshops: data.workshops, categories: data.categories, areas, pins };
}

/**
 * The map's columns back as CityPin objects. Throws on columns of different lengths or an
 * index outside its table (an answer that is not the server's).
 */
export function unpackCityPins<U>(map: CityMapData<U>): CityPin[] {
  const { pins: c, workshops, categories, areas } = map;
  const n = c.itemId.length;
  if ([c.workshop, c.category, c.text, c.lat, c.lng, c.area].some((col) => col.length !== n)) throw new Error('city map: pin columns of different lengths');
  const out: CityPin[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const w = workshops[c.workshop[i]!];
    const cat = categories[c.category[i]!];
    const a = c.area[i]!;
    if (!w || !cat || a >= areas.length) throw new Error(`city map: pin ${i} refers to no workshop, category or area`);
    const pin: CityPin = { workshopId: w.id, unitId: w.unitId, itemId: c.itemId[i]!, kind: cat.kind, category: cat.id, categoryLabel: cat.label, text: c.text[i]!, lat: c.lat[i]!, lng: c.lng[i]! };
    if (a >= 0) pin.areaName = areas[a]!;
    out[i] = pin;
  }
  return out;
}
