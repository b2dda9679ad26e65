import { useEffect, useState } from 'react';

export interface GeoState {
  status: 'locating' | 'ok' | 'failed';
  lat?: number;
  lng?: number;
  /** Radius of the 95 % circle in metres, as the browser reports it. */
  accuracy?: number;
}

/** Watch the phone's position while the locate step is open; stop on unmount. */
export function useGeolocation(enabled: boolean): GeoState {
  const [state, setState] = useState<GeoState>({ status: 'locating' });
  useEffect(() => {
    if (!enabled) return;
    if (!('geolocation' in navigator)) {
      setState({ status: 'failed' });
      return;
    }
    const id = navigator.geolocation.watchPosition(
      (pos) => setState({ status: 'ok', lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: pos.coords.accuracy }),
      () => setState((s) => (s.status === 'ok' ? s : { status: 'failed' })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [enabled]);
  return state;
}
