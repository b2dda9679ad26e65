import { useState } from 'react';
import type { Area, Category, Item, Meta } from '@tsunagu/shared';
import { PlaceSearch } from '../map/PlaceSearch.js';
import { useT } from '../i18n/lang.js';
import { CategoryPicker } from './CategoryPicker.js';
import { LocateMap } from './LocateMap.js';
import { P } from './phoneStrings.js';
import { useGeolocation } from './useGeolocation.js';
import { useGeoAvailability } from './useGeoAvailability.js';

const ROUGH_M = 100;

/**
 * 「ここにピン」: the position (with its accuracy) on a small map, a tap on the map corrects
 * it or chooses it when positioning fails; the category buttons below confirm place and
 * category in one tap.
 */
export interface LocateStepProps {
  meta: Meta;
  categories: readonly Category[];
  /** What the place search looks through (pins and areas of the workshop). */
  items?: readonly Item[];
  areas?: readonly Area[];
  onPick(at: [number, number], category: string): void;
}

export function LocateStep({ meta, categories, items = [], areas = [], onPick }: LocateStepProps) {
  const t = useT();
  const availability = useGeoAvailability();
  // no GPS request on a page that cannot get one (insecure LAN address, permission denied)
  const geo = useGeolocation(availability === 'available');
  const [manual, setManual] = useState<[number, number] | null>(null);
  const point: [number, number] | null = manual ?? (geo.status === 'ok' ? [geo.lat!, geo.lng!] : null);
  const accuracy = manual ? null : (geo.accuracy ?? null);

  let status: string;
  if (manual) status = t(P.tapToMove);
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
        <>
          <h2 className="ph-h">{t(P.chooseCategory)}</h2>
          <CategoryPicker categories={categories} onPick={(c) => onPick(point, c)} />
        </>
      ) : (
        geo.status === 'failed' && <p className="ph-h">{t(P.tapToChoose)}</p>
      )}
    </div>
  );
}
