import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Area } from '@tsunagu/shared';
import type { NumberedPin } from './printData.js';
import { escapeHtml, safeColor } from '@tsunagu/shared';
import { spreadPoints } from './spreadPins.js';

/** The printed pin badge (CSS px); badges closer than this are spread apart. */
const BADGE_PX = 30;

/**
 * The map of the printed resource map: plain Leaflet (no interaction), tiles from the
 * server's TILE_URL, area outlines, and numbered pins coloured by category. Calls
 * `onReady` once the tiles have loaded or failed (no network: a plain background).
 */
export function PrintMap(props: {
  pins: NumberedPin[];
  areas: Area[];
  center: [number, number];
  zoom: number;
  tileUrl: string;
  /** Called once the map is settled; `tilesDrawn` says whether any map tile was drawn (the 出典 is printed only then). */
  onReady(tilesDrawn: boolean): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { pins, areas, center, zoom, tileUrl, onReady } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const map = L.map(el, {
      zoomControl: false,
      attributionControl: false,
      dragging: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      touchZoom: false,
      zoomSnap: 0.25,
      fadeAnimation: false,
      zoomAnimation: false,
      markerZoomAnimation: false,
    });
    for (const a of areas)
      L.polygon(a.polygon, {
        color: a.kind === 'gakku' ? '#37474f' : '#607d8b',
        weight: a.kind === 'gakku' ? 4 : 2,
        dashArray: a.kind === 'gakku' ? undefined : '6 6',
        fill: false,
        interactive: false,
      }).addTo(map);
    const points = pins.map((p) => [p.item.lat!, p.item.lng!] as [number, number]);
    const outline = areas.find((a) => a.kind === 'gakku')?.polygon ?? [];
    const bounds = L.latLngBounds([...points, ...outline]);
    if (bounds.isValid() && points.length + outline.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 18 });
    else map.setView(points[0] ?? center, zoom);

    // Badges that would cover each other's numbers are spread apart (screen px at the printed
    // view), each with a thin leader line to its true point and a dot there.
    const at = points.map((ll) => map.latLngToContainerPoint(ll));
    const spread = spreadPoints(at, BADGE_PX + 2);
    pins.forEach((p, i) => {
      const moved = Math.hypot(spread[i]!.x - at[i]!.x, spread[i]!.y - at[i]!.y) > 0.5;
      const color = safeColor(p.category?.color);
      const where = moved ? map.containerPointToLatLng(L.point(spread[i]!.x, spread[i]!.y)) : L.latLng(points[i]!);
      if (moved) {
        L.polyline([points[i]!, where], { color: '#222', weight: 1.2, interactive: false }).addTo(map);
        L.circleMarker(points[i]!, { radius: 2.5, color: '#222', weight: 1, fillColor: color, fillOpacity: 1, interactive: false }).addTo(map);
      }
      const icon = L.divIcon({
        className: `print-pin${moved ? ' print-pin-moved' : ''}`,
        html: `<span style="background:${color}">${escapeHtml(String(p.n))}</span>`,
        iconSize: [BADGE_PX, BADGE_PX],
        iconAnchor: [BADGE_PX / 2, BADGE_PX / 2],
      });
      L.marker(where, { icon, interactive: false, keyboard: false }).addTo(map);
    });

    let done = false;
    let drawn = 0;
    const ready = () => {
      if (done) return;
      done = true;
      onReady(drawn > 0);
    };
    if (tileUrl) {
      const layer = L.tileLayer(tileUrl, { maxZoom: 18, crossOrigin: false });
      layer.once('load', ready);
      // failed tiles (no network) do not always end in 'load': check after each one
      const settle = () => window.setTimeout(() => !layer.isLoading() && ready(), 50);
      layer.on('tileload', () => drawn++);
      layer.on('tileerror tileload', settle);
      layer.addTo(map);
    } else ready();
    // Tiles that never answer must not hold the printout forever.
    const timer = window.setTimeout(ready, 8000);
    return () => {
      window.clearTimeout(timer);
      map.remove();
    };
  }, [pins, areas, center, zoom, tileUrl, onReady]);
  return <div ref={ref} className="print-map" data-testid="print-map" />;
}
