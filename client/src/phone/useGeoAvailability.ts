import { useEffect, useState } from 'react';

export type GeoAvailability = 'unknown' | 'available' | 'unavailable';

/**
 * Whether this phone can give a position, known before the first tap: browsers give a
 * location only to secure pages (https, localhost), so a LAN address such as
 * http://192.168.1.20:8080 never gets one; nor does a phone with no geolocation or a
 * permission already denied. 'unknown' while the permission query is pending.
 */
export function geoAvailabilityNow(): GeoAvailability {
  if (typeof window === 'undefined') return 'unavailable';
  if (!window.isSecureContext) return 'unavailable';
  if (!('geolocation' in navigator)) return 'unavailable';
  return 'unknown';
}

export function useGeoAvailability(): GeoAvailability {
  const [state, setState] = useState<GeoAvailability>(geoAvailabilityNow);
  useEffect(() => {
    if (state !== 'unknown') return;
    let live = true;
    const perms = (navigator as Navigator & { permissions?: Permissions }).permissions;
    if (!perms?.query) {
      setState('available');
      return;
    }
    perms
      .query({ name: 'geolocation' as PermissionName })
      .then((s) => live && setState(s.state === 'denied' ? 'unavailable' : 'available'))
      .catch(() => live && setState('available'));
    return () => {
      live = false;
    };
  }, [state]);
  return state;
}
