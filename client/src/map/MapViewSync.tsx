import { useEffect, useRef } from 'react';
import { useMap, useMapEvents } from 'react-leaflet';

/**
 * Keeps the Leaflet map sized to its pane (the split is resizable) and moves it to the
 * workshop's centre when `meta` arrives or changes — until the user has moved the map.
 */
export function MapViewSync({ center, zoom }: { center: [number, number]; zoom: number }) {
  const map = useMap();
  const touched = useRef(false);
  useMapEvents({
    dragstart: () => {
      touched.current = true;
    },
    zoomstart: () => {
      if (programmatic.current === 0) touched.current = true;
    },
  });
  const programmatic = useRef(0);
  useEffect(() => {
    if (touched.current) return;
    programmatic.current++;
    map.setView(center, zoom, { animate: false });
    programmatic.current--;
  }, [map, center[0], center[1], zoom]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    map.attributionControl?.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
  }, [map]);

  useEffect(() => {
    const el = map.getContainer();
    const ro = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [map]);
  return null;
}
