import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { escapeHtml, safeColor } from '@tsunagu/shared';
import { flattenTile } from '../map/flatLayers.js';
import type { TileConfig } from '../map/useTileConfig.js';
import type { CityCategory, CityPin, Unit } from './cityApi.js';
import { PinCanvasLayer, type CanvasPin } from './pinCanvas.js';

export { LABEL_ZOOM } from './pinCanvas.js';

export interface CityMapProps {
  units: Unit[];
  /** Colour of each unit's outline and layer, by unit id. */
  unitColors: Map<string, string>;
  pins: CityPin[];
  categories: CityCategory[];
  tiles: TileConfig | null;
  /** Units whose layer (outline and pins) is hidden. */
  hiddenUnits: ReadonlySet<string>;
  /** Move the view here (a resource picked in the list). */
  focus?: { lat: number; lng: number; seq: number } | null;
  /** Projector size: bigger dots and names. */
  big?: boolean;
}

/**
 * The city map: Leaflet with the units' outlines (SVG, in each unit's colour) and every pin
 * on one canvas layer (pinCanvas.ts; 9,000 DOM markers would make every pan re-layout
 * thousands of elements). Names show beside the pins only when zoomed in. A click on a pin
 * opens its text, category and area. The first draw sets the performance mark
 * `city-map-drawn` and `data-drawn` on the map (the bench reads them); `data-pins-drawn`
 * counts the pins on the layer (after the unit layers and filters).
 */
export function CityMap(props: CityMapProps) {
  const { units, unitColors, pins, categories, tiles, hiddenUnits, focus, big } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<PinCanvasLayer | null>(null);
  const fittedRef = useRef(false);
  const markedRef = useRef(false);
  const shownRef = useRef<CityPin[]>([]);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const map = L.map(el, { zoomSnap: 0.5, fadeAnimation: false, markerZoomAnimation: false, minZoom: 8, maxZoom: 18 });
    map.setView([35.68, 139.69], 12);
    const layer = new PinCanvasLayer().addTo(map);
    mapRef.current = map;
    layerRef.current = layer;
    (el as HTMLDivElement & { _cityMap?: L.Map })._cityMap = map;
    layer.onDrawn = () => {
      el.dataset.pinsInView = String(layer.drawn.pins);
      el.dataset.labels = String(layer.drawn.labels);
    };
    map.on('click', (e: L.LeafletMouseEvent) => {
      const hit = layer.pinAt(e.containerPoint) as (CanvasPin & { pin?: CityPin }) | null;
      const p = hit?.pin;
      if (!p) return;
      L.popup({ offset: [0, -4] })
        .setLatLng([p.lat, p.lng])
        .setContent(`<strong>${escapeHtml(p.text)}</strong><br>${escapeHtml(p.categoryLabel)}${p.areaName ? `<br>${escapeHtml(p.areaName)}` : ''}`)
        .openOn(map);
    });
    return () => {
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
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

  const outlines = useMemo(() => units.filter((u) => u.geometry && !hiddenUnits.has(u.id)), [units, hiddenUnits]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const group = L.featureGroup();
    for (const u of outlines) {
      const color = unitColors.get(u.id) ?? '#37474f';
      L.geoJSON(u.geometry as GeoJSON.Geometry, {
        style: { color, weight: u.level === 'jichikai' ? 2 : 4, dashArray: u.level === 'jichikai' ? '6 6' : undefined, fill: true, fillOpacity: 0.04, fillColor: color },
        interactive: false,
      } as L.GeoJSONOptions).addTo(group);
    }
    group.addTo(map);
    group.bringToBack();
    return () => {
      group.remove();
    };
  }, [outlines, unitColors]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    const el = boxRef.current;
    if (!map || !layer || !el) return;
    const colorOf = new Map(categories.map((c) => [c.id, safeColor(c.color) ?? '#607d8b']));
    const shown = pins.filter((p) => !hiddenUnits.has(p.unitId ?? ''));
    shownRef.current = shown;
    // fit the first time there is something to show: every outline and pin
    if (!fittedRef.current && (shown.length > 0 || units.some((u) => u.geometry))) {
      const bounds = L.latLngBounds([]);
      for (const u of units) if (u.geometry) bounds.extend(L.geoJSON(u.geometry as GeoJSON.Geometry).getBounds());
      for (const p of shown) bounds.extend([p.lat, p.lng]);
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false });
        fittedRef.current = true;
      }
    }
    const radius = (shown.length <= 600 ? 9 : shown.length <= 3000 ? 7 : 5) + (big ? 2 : 0);
    layer.setPins(
      shown.map((p) => ({ lat: p.lat, lng: p.lng, color: colorOf.get(p.category) ?? '#607d8b', label: p.text.length > 24 ? `${p.text.slice(0, 23)}…` : p.text, pin: p })),
      radius,
      big ? 19 : 15,
    );
    el.dataset.pinsDrawn = String(shown.length);
    if (!markedRef.current && (shown.length > 0 || units.length > 0)) {
      markedRef.current = true;
      // the canvas is painted in the next frame; the frame after it starts once that one is
      // on screen (the bench reads this mark)
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          performance.mark('city-map-drawn');
          el.dataset.drawn = '1';
        }),
      );
    }
  }, [units, pins, categories, hiddenUnits, big]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && focus) map.setView([focus.lat, focus.lng], Math.max(map.getZoom(), 16), { animate: false });
  }, [focus]);

  return <div ref={boxRef} className={`city-map${big ? ' big' : ''}`} data-testid="city-map" />;
}
