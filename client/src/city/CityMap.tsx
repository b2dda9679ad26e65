import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { escapeHtml, safeColor } from '@tsunagu/shared';
import { flattenTile } from '../map/flatLayers.js';
import type { TileConfig } from '../map/useTileConfig.js';
import type { CityCategory, CityPin, Unit } from './cityApi.js';

/** From this zoom on, the pins in view get their name beside them (at most LABEL_MAX of them). */
export const LABEL_ZOOM = 16;
const LABEL_MAX = 150;

export interface CityMapProps {
  units: Unit[];
  /** Colour of each unit's outline and layer, by unit id. */
  unitColors: Map<string, string>;
  pins: CityPin[];
  categories: CityCategory[];
  tiles: TileConfig | null;
  /** Units whose layer is hidden. */
  hiddenUnits: ReadonlySet<string>;
  /** Move the view here (a resource picked in the list). */
  focus?: { lat: number; lng: number; seq: number } | null;
  /** Called once, after the first draw of outlines and pins (performance mark `city-map-drawn`, `data-drawn` on the map). */
  onDrawn?(): void;
  big?: boolean;
}

/**
 * The city map: plain Leaflet with ONE canvas renderer for every outline and pin (9,000 pins
 * as DOM markers would make every pan re-layout thousands of elements; on a canvas a pan only
 * moves one bitmap and the pins are redrawn once when the view settles). Unit outlines are
 * drawn under the pins in the unit's colour; pins are coloured circles by category. Names are
 * shown beside the pins only when zoomed in (LABEL_ZOOM), for the pins in view.
 */
export function CityMap(props: CityMapProps) {
  const { units, unitColors, pins, categories, tiles, hiddenUnits, focus, onDrawn, big } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const rendererRef = useRef<L.Canvas | null>(null);
  const drawnRef = useRef(onDrawn);
  drawnRef.current = onDrawn;
  const fittedRef = useRef(false);
  const markedRef = useRef(false);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    const map = L.map(el, { preferCanvas: true, renderer, zoomSnap: 0.5, fadeAnimation: false, markerZoomAnimation: false, minZoom: 9, maxZoom: 18 });
    map.setView([35.68, 139.69], 12);
    mapRef.current = map;
    rendererRef.current = renderer;
    (el as HTMLDivElement & { _cityMap?: L.Map })._cityMap = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tiles) return;
    const layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18, maxNativeZoom: 18, updateWhenIdle: true, keepBuffer: 2 });
    layer.on('tileloadstart', flattenTile);
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [tiles]);

  // Outlines and pins, one layer group per unit so a unit's layer can be hidden at once.
  useEffect(() => {
    const map = mapRef.current;
    const renderer = rendererRef.current;
    if (!map || !renderer) return;
    const colorOf = new Map(categories.map((c) => [c.id, safeColor(c.color) ?? '#607d8b']));
    const groups = new Map<string, L.LayerGroup>();
    const groupOf = (unitId: string | null) => {
      const k = unitId ?? '';
      let g = groups.get(k);
      if (!g) groups.set(k, (g = L.layerGroup()));
      return g;
    };
    const bounds = L.latLngBounds([]);
    for (const u of units) {
      if (!u.geometry) continue;
      const color = unitColors.get(u.id) ?? '#37474f';
      const shape = L.geoJSON(u.geometry as GeoJSON.Geometry, {
        style: { color, weight: u.level === 'jichikai' ? 2 : 4, dashArray: u.level === 'jichikai' ? '6 6' : undefined, fill: true, fillOpacity: 0.04, fillColor: color },
        renderer,
        interactive: false,
      } as L.GeoJSONOptions);
      shape.addTo(groupOf(u.id));
      bounds.extend(shape.getBounds());
    }
    const markers: { m: L.CircleMarker; pin: CityPin }[] = [];
    // few pins: big dots to point at; thousands: small ones that still show the density
    const r = (pins.length <= 600 ? 9 : pins.length <= 3000 ? 7 : 5) + (big ? 2 : 0);
    for (const p of pins) {
      const m = L.circleMarker([p.lat, p.lng], { renderer, radius: r, color: '#fff', weight: 1.5, fillColor: colorOf.get(p.category) ?? '#607d8b', fillOpacity: 0.95 });
      m.bindPopup(() => `<strong>${escapeHtml(p.text)}</strong><br>${escapeHtml(p.categoryLabel)}${p.areaName ? `<br>${escapeHtml(p.areaName)}` : ''}`);
      m.addTo(groupOf(p.unitId));
      markers.push({ m, pin: p });
      bounds.extend([p.lat, p.lng]);
    }
    for (const [k, g] of groups) if (!hiddenUnits.has(k)) g.addTo(map);
    if (!fittedRef.current && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false });
      fittedRef.current = true;
    }

    // labels for the pins in view when zoomed in (DOM tooltips: at most LABEL_MAX at a time)
    const labels = L.layerGroup().addTo(map);
    const updateLabels = () => {
      labels.clearLayers();
      if (map.getZoom() < LABEL_ZOOM) return;
      const view = map.getBounds();
      let n = 0;
      for (const { pin } of markers) {
        if (n >= LABEL_MAX) break;
        if (hiddenUnits.has(pin.unitId ?? '') || !view.contains([pin.lat, pin.lng])) continue;
        L.tooltip({ permanent: true, direction: 'right', offset: [r + 2, 0], className: 'city-pin-label', interactive: false })
          .setLatLng([pin.lat, pin.lng])
          .setContent(escapeHtml(pin.text.slice(0, 24)))
          .addTo(labels);
        n++;
      }
    };
    map.on('moveend', updateLabels);
    updateLabels();
    const el = boxRef.current;
    if (el) el.dataset.pinsDrawn = String(markers.filter(({ pin }) => !hiddenUnits.has(pin.unitId ?? '')).length);
    if (!markedRef.current && (markers.length > 0 || units.length > 0)) {
      markedRef.current = true;
      // the canvas draws on the next animation frame (the bench reads this mark)
      requestAnimationFrame(() => {
        performance.mark('city-map-drawn');
        if (el) el.dataset.drawn = '1';
        drawnRef.current?.();
      });
    }
    return () => {
      map.off('moveend', updateLabels);
      labels.remove();
      for (const g of groups.values()) g.remove();
    };
  }, [units, unitColors, pins, categories, hiddenUnits, big]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && focus) map.setView([focus.lat, focus.lng], Math.max(map.getZoom(), LABEL_ZOOM), { animate: false });
  }, [focus]);

  return <div ref={boxRef} className={`city-map${big ? ' big' : ''}`} data-testid="city-map" />;
}
