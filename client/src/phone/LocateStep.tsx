import { useEffect, useRef, useState } from 'react';
import type { Area, Item, Meta } from '@tsunagu/shared';
import { PlaceSearch } from '../map/PlaceSearch.js';
import { useT } from '../i18n/lang.js';
import { LocateMap } from './LocateMap.js';
import { P } from './phoneStrings.js';
import { useGeolocation } from './useGeolocation.js';
import { useGeoAvailability } from './useGeoAvailability.js';

const ROUGH_M = 100;

/**
 * 「ここにピン」: the position (with its accuracy) on a small map. A position from the phone
 * is never taken as it is: the step asks 「この場所でいいですか？」 with 「この場所でよい」 and
 * 「地図で選ぶ」 beside it (in a hall, the fix is the hall). A place chosen by a tap on the map or
 * the place search is asked about too (a tap may be a slip while panning). `onConfirm` moves on
 * to the category.
 */
export interface LocateStepProps {
  meta: Meta;
  /** What the place search looks through (pins and areas of the workshop). */
  items?: readonly Item[];
  areas?: readonly Area[];
  onConfirm(at: [number, number]): void;
}

export function LocateStep({ meta, items = [], areas = [], onConfirm }: LocateStepProps) {
  const t = useT();
  const availability = useGeoAvailability();
  // no GPS request on a page that cannot get one (insecure LAN address, permission denied)
  const geo = useGeolocation(availability === 'available');
  const [manual, setManual] = useState<[number, number] | null>(null);
  // 「地図で選ぶ」: the phone's fix is set aside until the resident taps the map
  const [choosing, setChoosing] = useState(false);
  const gps: [number, number] | null = geo.status === 'ok' && !choosing ? [geo.lat!, geo.lng!] : null;
  const point: [number, number] | null = manual ?? gps;
  const accuracy = manual ? null : (geo.accuracy ?? null);
  // the question comes into view when there is a place to ask about (small phones scroll)
  const confirmRef = useRef<HTMLDivElement>(null);
  const asking = point !== null;
  useEffect(() => {
    if (asking) confirmRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [asking, manual]);

  let status: string;
  if (manual) status = t(P.tapToMove);
  else if (choosing) status = t(P.choosing);
  else if (availability === 'unavailable') status = t(P.noGeoHere);
  else if (geo.status === 'locating') status = t(P.locating);
  else if (geo.status === 'failed') status = t(P.noGeo);
  else status = `${t(P.accuracy, { m: Math.round(geo.accuracy ?? 0) })}。${(geo.accuracy ?? 0) > ROUGH_M ? t(P.accuracyPoor) : t(P.tapToMove)}`;

  return (
    <div className="ph-locate">
      <p className={`ph-geo-status${(geo.status === 'failed' || availability === 'unavailable') && !manual ? ' warn' : ''}`} data-testid="geo-status" data-geo={manual ? 'manual' : availability === 'unavailable' ? 'unavailable' : geo.status}>
        {status}
      </p>
      <PlaceSearch items={items} areas={areas} compact onPick={(p) => setManual([p.lat, p.lng])} />
      <LocateMap center={meta.center} zoom={meta.zoom} point={point} accuracy={accuracy} onTap={(lat, lng) => setManual([lat, lng])} />
      {point ? (
        <div className="ph-confirm" ref={confirmRef} data-testid="place-confirm" role="group" aria-labelledby="ph-confirm-q">
          <h2 className="ph-h" id="ph-confirm-q">
            {t(P.isThisPlace)}
          </h2>
          <div className="ph-confirm-row">
            <button type="button" className="btn btn-primary btn-big" data-testid="place-ok" onClick={() => onConfirm(point)}>
              {t(P.thisPlace)}
            </button>
            {!manual && (
              <button type="button" className="btn btn-big" data-testid="place-choose" onClick={() => setChoosing(true)}>
                🗺 {t(P.chooseOnMap)}
              </button>
            )}
          </div>
        </div>
      ) : (
        (geo.status === 'failed' || choosing) && <p className="ph-h">{t(P.tapToChoose)}</p>
      )}
    </div>
  );
}
