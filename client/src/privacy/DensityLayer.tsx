import { useMemo } from 'react';
import L from 'leaflet';
import { Marker } from 'react-leaflet';
import { safeColor, type Area, type Category, type Item } from '@tsunagu/shared';
import { densityByArea } from './density.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The density view (issue 17): at each area's point, the area's name and its needs counted by
 * category — what the projector shows instead of need pins, so nobody reads a house off the map.
 */
export function DensityLayer({ items, categories, areas, big }: { items: readonly Item[]; categories: readonly Category[]; areas: readonly Area[]; big: boolean }) {
  const rows = useMemo(() => densityByArea(items, categories, areas), [items, categories, areas]);
  return (
    <>
      {rows.map((r) => {
        const lines = r.byCategory
          .map((c) => `<li><span class="tg-density-dot" style="--pin:${safeColor(c.category.color)}">${esc(c.category.icon || '●')}</span>${esc(c.category.label)}<b>${c.n}</b></li>`)
          .join('');
        const html = `<div class="tg-density${big ? ' tg-density-big' : ''}" data-testid="density-area" data-area-id="${esc(r.area.id)}" data-total="${r.total}"><strong>${esc(r.area.name)}<b>${r.total}</b></strong>${lines ? `<ul>${lines}</ul>` : ''}</div>`;
        const icon = L.divIcon({ className: 'tg-density-wrap', html, iconSize: undefined, iconAnchor: [0, 0] });
        return <Marker key={r.area.id} position={r.at} icon={icon} interactive={false} keyboard={false} />;
      })}
    </>
  );
}
