import L from 'leaflet';
import { safeColor } from '@tsunagu/shared';

/**
 * Leaflet div icons for pins and clusters: a round badge in the category colour with its
 * icon. Restricted pins are square, dark, dashed and carry a lock. Icons are cached by key
 * so 2,000 pins do not build 2,000 identical icons.
 */
export interface PinLook {
  color: string;
  icon: string;
  restricted: boolean;
  selected: boolean;
  fresh: boolean;
  big: boolean;
}

const cache = new Map<string, L.DivIcon>();

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pinIcon(look: PinLook): L.DivIcon {
  const key = JSON.stringify(look);
  const hit = cache.get(key);
  if (hit) return hit;
  const size = look.big ? 48 : 36;
  const cls = ['tg-pin', look.restricted ? 'tg-pin-restricted' : '', look.selected ? 'tg-pin-selected' : '', look.fresh ? 'tg-pin-fresh' : '']
    .filter(Boolean)
    .join(' ');
  const icon = L.divIcon({
    className: 'tg-pin-wrap',
    html: `<div class="${cls}" style="--pin:${safeColor(look.color)}"><span>${esc(look.restricted ? '🔒' : look.icon || '●')}</span></div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
    popupAnchor: [0, -size / 2],
  });
  cache.set(key, icon);
  return icon;
}

export function clusterIcon(count: number, big: boolean): L.DivIcon {
  const key = `c${count > 999 ? '1k' : count}:${big}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const size = (big ? 14 : 0) + (count < 10 ? 40 : count < 100 ? 48 : 58);
  const icon = L.divIcon({
    className: 'tg-pin-wrap',
    html: `<div class="tg-cluster"><span>${count}</span></div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
  cache.set(key, icon);
  return icon;
}
