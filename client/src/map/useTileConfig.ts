import { useEffect, useState } from 'react';
import { getConfig } from '../sync/api.js';

export interface TileConfig {
  url: string;
  attribution: string;
}

/**
 * The tile layer from the server's configuration (TILE_URL / TILE_ATTRIBUTION). `null`
 * until it is known: no tile is requested from a default host before the server has said
 * which one to use. If the configuration cannot be fetched, `failed` is set and the map
 * runs on a plain background.
 */
export function useTileConfig(): { tiles: TileConfig | null; failed: boolean } {
  const [state, setState] = useState<{ tiles: TileConfig | null; failed: boolean }>({ tiles: null, failed: false });
  useEffect(() => {
    let live = true;
    getConfig()
      .then((c) => live && setState({ tiles: c.tileUrl ? { url: c.tileUrl, attribution: c.tileAttribution } : null, failed: !c.tileUrl }))
      .catch(() => live && setState({ tiles: null, failed: true }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
