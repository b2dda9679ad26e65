import { CircleMarker, Polygon, Polyline, useMapEvents } from 'react-leaflet';
import type { Polygon as Ring } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { M } from './mapStrings.js';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Inside the map: each tap adds a corner of the outline being drawn; shows the preview. */
export function AreaDrawer({ points, onAdd }: { points: Ring; onAdd(point: [number, number]): void }) {
  useMapEvents({ click: (e) => onAdd([round(e.latlng.lat), round(e.latlng.lng)]) });
  return (
    <>
      {points.length >= 3 ? (
        <Polygon positions={points} pathOptions={{ color: '#e65100', weight: 3, dashArray: '6 4', fillOpacity: 0.1 }} />
      ) : (
        points.length >= 2 && <Polyline positions={points} pathOptions={{ color: '#e65100', weight: 3 }} />
      )}
      {points.map((p, i) => (
        <CircleMarker key={i} center={p} radius={6} pathOptions={{ color: '#e65100', fillOpacity: 1 }} />
      ))}
    </>
  );
}

/** Outside the map (so its clicks never reach Leaflet): hint and finish / undo / cancel. */
export function AreaDrawBar({ count, onUndo, onFinish, onCancel }: { count: number; onUndo(): void; onFinish(): void; onCancel(): void }) {
  const t = useT();
  return (
    <div className="tg-map-banner" data-testid="area-drawer">
      <span>{t(M.drawHint)}</span>
      <button className="btn" type="button" disabled={count === 0} onClick={onUndo}>
        {t(M.undoPoint)}
      </button>
      <button className="btn btn-primary" type="button" disabled={count < 3} data-testid="area-finish" onClick={onFinish}>
        {t(M.finish)}
      </button>
      <button className="btn" type="button" onClick={onCancel}>
        {t(M.cancel)}
      </button>
    </div>
  );
}
