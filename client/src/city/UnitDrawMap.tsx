import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { flattenTile } from '../map/flatLayers.js';
import { useTileConfig } from '../map/useTileConfig.js';
import type { Unit } from './cityApi.js';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Draw an area's boundary: each click on the map adds a corner (the outline so far in orange
 * over the existing areas' outlines in grey). The parent keeps the corners ([lat, lng]).
 */
export function UnitDrawMap({ units, points, onAdd }: { units: Unit[]; points: [number, number][]; onAdd(p: [number, number]): void }) {
  const { tiles } = useTileConfig();
  const boxRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const addRef = useRef(onAdd);
  addRef.current = onAdd;
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const map = L.map(el, { zoomSnap: 0.5, doubleClickZoom: false });
    const bounds = L.latLngBounds([]);
    for (const u of units) {
      if (!u.geometry) continue;
      const shape = L.geoJSON(u.geometry as GeoJSON.Geometry, { style: { color: '#607d8b', weight: 2, fill: false }, interactive: false } as L.GeoJSONOptions).addTo(map);
      bounds.extend(shape.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], animate: false });
    else map.setView([35.68, 139.69], 12);
    map.on('click', (e: L.LeafletMouseEvent) => addRef.current([round(e.latlng.lat), round(e.latlng.lng)]));
    mapRef.current = map;
    (el as HTMLDivElement & { _drawMap?: L.Map })._drawMap = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
    // the outlines shown for reference are those of the moment the drawing started
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tiles) return;
    const layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 });
    layer.on('tileloadstart', flattenTile);
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [tiles]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const group = L.layerGroup().addTo(map);
    if (points.length >= 3) L.polygon(points, { color: '#e65100', weight: 3, dashArray: '6 4', fillOpacity: 0.12, interactive: false }).addTo(group);
    else if (points.length === 2) L.polyline(points, { color: '#e65100', weight: 3, interactive: false }).addTo(group);
    for (const p of points) L.circleMarker(p, { radius: 6, color: '#e65100', fillOpacity: 1, interactive: false }).addTo(group);
    return () => {
      group.remove();
    };
  }, [points]);
  return <div ref={boxRef} className="city-draw-map" data-testid="unit-draw-map" data-points={points.length} />;
}

/** A drawn outline as a GeoJSON Polygon ([lng, lat], closed ring). */
export function ringToPolygon(points: [number, number][]): { type: 'Polygon'; coordinates: [number, number][][] } {
  const ring = points.map(([lat, lng]) => [lng, lat] as [number, number]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}
