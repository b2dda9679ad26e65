import { useEffect, useMemo } from 'react';
import L from 'leaflet';
import { Circle, MapContainer, Marker, useMap, useMapEvents } from 'react-leaflet';
import 'leaflet/dist/leaflet.css';
import { BaseTiles } from '../map/BaseTiles.js';
import { useTileConfig } from '../map/useTileConfig.js';

/**
 * The small map of the 「ここにピン」 step: the phone's position with its accuracy circle,
 * or the workshop centre; a tap moves the pin (the fallback when positioning fails or is
 * rough).
 */
export interface LocateMapProps {
  center: [number, number];
  zoom: number;
  point: [number, number] | null;
  accuracy: number | null;
  onTap(lat: number, lng: number): void;
}

const pinIcon = L.divIcon({ className: 'ph-here-wrap', html: '<div class="ph-here">📍</div>', iconSize: [48, 48], iconAnchor: [24, 44] });

export function LocateMap({ center, zoom, point, accuracy, onTap }: LocateMapProps) {
  const { tiles, failed } = useTileConfig();
  return (
    <div className={`ph-locate-map${failed ? ' ph-plain' : ''}`} data-testid="locate-map">
      <MapContainer center={point ?? center} zoom={point ? 17 : zoom} className="ph-leaflet" zoomControl>
        {tiles && !failed && <BaseTiles tiles={tiles} onFailed={() => {}} />}
        <Follow point={point} />
        <Taps onTap={onTap} />
        {point && accuracy !== null && accuracy > 0 && <Circle center={point} radius={accuracy} pathOptions={{ color: '#1565c0', weight: 2, fillOpacity: 0.12 }} />}
        {point && <Marker position={point} icon={pinIcon} />}
      </MapContainer>
    </div>
  );
}

function Follow({ point }: { point: [number, number] | null }) {
  const map = useMap();
  const key = point ? `${point[0]},${point[1]}` : '';
  const target = useMemo(() => point, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (target && !map.getBounds().pad(-0.2).contains(target)) map.setView(target, Math.max(map.getZoom(), 16));
  }, [map, target]);
  return null;
}

function Taps({ onTap }: { onTap(lat: number, lng: number): void }) {
  useMapEvents({ click: (e) => onTap(e.latlng.lat, e.latlng.lng) });
  return null;
}
