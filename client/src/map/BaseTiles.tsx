import { useEffect, useMemo, useRef } from 'react';
import { TileLayer } from 'react-leaflet';
import { flattenTile } from './flatLayers.js';
import type { TileConfig } from './useTileConfig.js';

/**
 * The base map. Reports `onFailed(true)` when tiles keep failing with none loaded (no
 * network in the hall, tile server down) so the pane can show a plain background and a
 * notice; pins, areas and every tool keep working without tiles.
 */
export function BaseTiles({ tiles, onFailed }: { tiles: TileConfig; onFailed(failed: boolean): void }) {
  const counts = useRef({ ok: 0, errors: 0 });
  const report = useRef(onFailed);
  report.current = onFailed;
  useEffect(() => {
    counts.current = { ok: 0, errors: 0 };
    report.current(false);
  }, [tiles.url]);
  const handlers = useMemo(
    () => ({
      tileloadstart: flattenTile,
      tileload: () => {
        counts.current.ok++;
        if (counts.current.ok === 1) report.current(false);
      },
      tileerror: () => {
        counts.current.errors++;
        if (counts.current.ok === 0 && counts.current.errors >= 2) report.current(true);
      },
    }),
    [],
  );
  return <TileLayer url={tiles.url} attribution={tiles.attribution} maxZoom={18} maxNativeZoom={18} updateWhenIdle keepBuffer={4} eventHandlers={handlers} />;
}
