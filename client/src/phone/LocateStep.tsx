import { useState } from 'react';
import type { Category, Meta } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { CategoryPicker } from './CategoryPicker.js';
import { LocateMap } from './LocateMap.js';
import { P } from './phoneStrings.js';
import { useGeolocation } from './useGeolocation.js';

const ROUGH_M = 100;

/**
 * 「ここにピン」: the position (with its accuracy) on a small map, a tap on the map corrects
 * it or chooses it when positioning fails; the category buttons below confirm place and
 * category in one tap.
 */
export function LocateStep({ meta, categories, onPick }: { meta: Meta; categories: readonly Category[]; onPick(at: [number, number], category: string): void }) {
  const t = useT();
  const geo = useGeolocation(true);
  const [manual, setManual] = useState<[number, number] | null>(null);
  const point: [number, number] | null = manual ?? (geo.status === 'ok' ? [geo.lat!, geo.lng!] : null);
  const accuracy = manual ? null : (geo.accuracy ?? null);

  let status: string;
  if (manual) status = t(P.tapToMove);
  else if (geo.status === 'locating') status = t(P.locating);
  else if (geo.status === 'failed') status = t(P.noGeo);
  else status = `${t(P.accuracy, { m: Math.round(geo.accuracy ?? 0) })}。${(geo.accuracy ?? 0) > ROUGH_M ? t(P.accuracyPoor) : t(P.tapToMove)}`;

  return (
    <div className="ph-locate">
      <p className={`ph-geo-status${geo.status === 'failed' && !manual ? ' warn' : ''}`} data-testid="geo-status" data-geo={manual ? 'manual' : geo.status}>
        {status}
      </p>
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
