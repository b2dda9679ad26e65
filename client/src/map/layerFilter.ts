import { itemInArea, isPin, type Area, type Category, type CategoryKind, type Item } from '@tsunagu/shared';

/** A pin on the map: an item with a position, from the public or the restricted document. */
export interface MapPin extends Item {
  lat: number;
  lng: number;
  restricted: boolean;
}

/** What the legend toggles hide (session state of one map). */
export interface LayerState {
  hiddenKinds: ReadonlySet<CategoryKind | 'restricted'>;
  hiddenCategories: ReadonlySet<string>;
  areaId: string | null;
}

export const EMPTY_LAYERS: LayerState = { hiddenKinds: new Set(), hiddenCategories: new Set(), areaId: null };

export function toPins(items: readonly Item[], restricted: boolean): MapPin[] {
  return items.filter(isPin).map((i) => ({ ...i, lat: i.lat!, lng: i.lng!, restricted }));
}

/** Pins that the legend toggles and the area filter leave visible. */
export function visiblePins(pins: readonly MapPin[], categories: readonly Category[], layers: LayerState, areas: readonly Area[]): MapPin[] {
  const kindOf = new Map(categories.map((c) => [c.id, c.kind]));
  const area = layers.areaId ? areas.find((a) => a.id === layers.areaId) : undefined;
  return pins.filter((p) => {
    if (p.restricted) {
      if (layers.hiddenKinds.has('restricted')) return false;
    } else {
      const kind = kindOf.get(p.category) ?? 'need';
      if (layers.hiddenKinds.has(kind)) return false;
    }
    if (layers.hiddenCategories.has(p.category)) return false;
    return !area || itemInArea(p, area);
  });
}

export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
