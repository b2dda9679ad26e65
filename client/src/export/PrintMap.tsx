import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Area } from '@tsunagu/shared';
import type { NumberedPin } from './printData.js';
import { escapeHtml, safeColor } from '@tsunagu/shared';

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
  onReady(): void;
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
    for (const p of pins) {
      const color = safeColor(p.category?.color);
      const icon = L.divIcon({
        className: 'print-pin',
        html: `<span style="background:${color}">${escapeHtml(String(p.n))}</span>`,
        iconSize: [30, 30],
        iconAnchor: [15, 15],
      });
      L.marker([p.item.lat!, p.item.lng!], { icon, interactive: false, keyboard: false }).addTo(map);
    }
    const points = pins.map((p) => [p.item.lat!, p.item.lng!] as [number, number]);
    const outline = areas.find((a) => a.kind === 'gakku')?.polygon ?? [];
    const bounds = L.latLngBounds([...points, ...outline]);
    if (bounds.isValid() && points.length + outline.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 18 });
    else map.setView(points[0] ?? center, zoom);

    let done = false;
    const ready = () => {
      if (done) return;
      done = true;
      onReady();
    };
    if (tileUrl) {
      const layer = L.tileLayer(tileUrl, { maxZoom: 18, crossOrigin: false });
      layer.once('load', ready);
      // failed tiles (no network) do not always end in 'load': check after each one
      const settle = () => window.setTimeout(() => !layer.isLoading() && ready(), 50);
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
