import { useEffect, useMemo, useState } from 'react';
import { CATEGORY_KIND_LABEL } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';
import { useTileConfig } from '../map/useTileConfig.js';
import { useMediaQuery } from '../ui/useMediaQuery.js';
import type { CategoryKind } from '@tsunagu/shared';
import type { CityResource } from '@tsunagu/shared';
import { takeCity, type CityMapView, type OrgApi } from './cityApi.js';
import { C } from './cityStrings.js';
import { CityMap } from './CityMap.js';
import { unitColor } from './labels.js';

/** Until the data arrives the map (and its tiles) already starts, empty. */
const NONE: CityMapView = { org: { id: '', name: '' }, units: [], workshops: [], pins: [], categories: [] };

/** Resources listed at once beside the map (thousands of rows would slow the first render). */
const RESOURCE_PAGE = 150;

/** Colours of the units in their listed order (a stable colour per unit on every screen). */
export function useUnitColors(data: Pick<CityMapView, 'units'> | null): Map<string, string> {
  return useMemo(() => new Map((data?.units ?? []).map((u, i) => [u.id, unitColor(i)])), [data]);
}

/**
 * 市全体の地図: every workshop's public pins on one map with the units' outlines; a layer per
 * unit (checkboxes in the unit's colour), filters by kind and category, and beside it the
 * merged resource list (the same place named in several districts once, with its districts).
 */
export function CityMapTab({ api, org }: { api: OrgApi; org: string }) {
  const t = useT();
  const { tiles } = useTileConfig();
  const projectorSize = useMediaQuery('(min-width: 1800px)');
  const [data, setData] = useState<CityMapView | null>(null);
  /** The merged resource list: asked for once the map has drawn (null until it arrives). */
  const [resources, setResources] = useState<CityResource[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hiddenUnits, setHiddenUnits] = useState<ReadonlySet<string>>(new Set());
  const [hiddenCats, setHiddenCats] = useState<ReadonlySet<string>>(new Set());
  const [hiddenKinds, setHiddenKinds] = useState<ReadonlySet<string>>(new Set());
  const [listed, setListed] = useState(RESOURCE_PAGE);
  const [focus, setFocus] = useState<{ lat: number; lng: number; seq: number } | null>(null);
  useEffect(() => {
    (takeCity(org) ?? api.city()).then(
      (d) => {
        performance.mark('city-data');
        setData(d);
      },
      (e: unknown) => setError((e as Error).message),
    );
  }, [api, org]);
  useEffect(() => {
    if (!data) return;
    let live = true;
    // after the frame that draws the map: its parse must not hold the first picture back
    const frame = requestAnimationFrame(() =>
      setTimeout(() =>
        api.cityResources().then(
          (r) => {
            if (!live) return;
            performance.mark('city-resources');
            setResources(r);
          },
          (e: unknown) => live && setError((e as Error).message),
        ),
      ),
    );
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [api, data]);
  const colors = useUnitColors(data);
  const pins = useMemo(() => (data?.pins ?? []).filter((p) => !hiddenCats.has(p.category) && !hiddenKinds.has(p.kind)), [data, hiddenCats, hiddenKinds]);
  const kinds = useMemo(() => [...new Set((data?.categories ?? []).map((c) => c.kind))], [data]);
  const usedUnits = useMemo(() => {
    const withPins = new Set((data?.pins ?? []).map((p) => p.unitId));
    return (data?.units ?? []).filter((u) => u.geometry || withPins.has(u.id));
  }, [data]);
  const toggle = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };
  const catLabel = useMemo(() => new Map((data?.categories ?? []).map((c) => [c.id, c])), [data]);
  if (error) return <p className="error">{error}</p>;
  const loaded = data !== null;
  const d = data ?? NONE;
  const visiblePins = pins.filter((p) => !hiddenUnits.has(p.unitId ?? '')).length;
  return (
    <section className="city-mapview" data-testid="map-tab" data-loaded={loaded} data-pin-count={d.pins.length}>
      <aside className="city-filters">
        <h2>{t(C.layers)}</h2>
        <ul className="city-checks">
          {usedUnits.map((u) => (
            <li key={u.id}>
              <label>
                <input type="checkbox" checked={!hiddenUnits.has(u.id)} onChange={() => setHiddenUnits(toggle(hiddenUnits, u.id))} data-testid="unit-layer" />
                <span className="swatch" style={{ borderColor: colors.get(u.id) }} />
                {u.name}
              </label>
            </li>
          ))}
        </ul>
        <h2>{t(C.filterKind)}</h2>
        <ul className="city-checks">
          {kinds.map((k) => (
            <li key={k}>
              <label>
                <input type="checkbox" checked={!hiddenKinds.has(k)} onChange={() => setHiddenKinds(toggle(hiddenKinds, k))} data-testid={`kind-${k}`} />
                {CATEGORY_KIND_LABEL[k as CategoryKind] ? t(CATEGORY_KIND_LABEL[k as CategoryKind]) : k}
              </label>
            </li>
          ))}
        </ul>
        <h2>{t(C.filterCategory)}</h2>
        <ul className="city-checks">
          {d.categories
            .filter((c) => !hiddenKinds.has(c.kind))
            .map((c) => (
              <li key={c.id}>
                <label>
                  <input type="checkbox" checked={!hiddenCats.has(c.id)} onChange={() => setHiddenCats(toggle(hiddenCats, c.id))} data-testid="category-filter" />
                  <span className="dot" style={{ background: c.color }} />
                  {c.label}
                </label>
              </li>
            ))}
        </ul>
      </aside>
      <div className="city-map-col">
        <p className="city-map-count" data-testid="pins-shown">
          {t(C.pinsShown, { n: visiblePins })} <span className="muted">— {t(C.zoomForLabels)}</span>
        </p>
        <CityMap big={projectorSize} units={d.units} unitColors={colors} pins={pins} categories={d.categories} tiles={tiles} hiddenUnits={hiddenUnits} focus={focus} />
      </div>
      <aside className="city-resources" data-testid="merged-resources" data-loaded={resources !== null}>
        <h2>{t(C.mergedResources)}</h2>
        {resources === null && loaded && <p className="muted">{t(C.loadingResources)}</p>}
        {resources?.length === 0 && <p className="muted">{t(C.noPins)}</p>}
        <ol>
          {(resources ?? []).slice(0, listed).map((r, i) => (
            <li key={`${r.key}-${i}`} data-testid="merged-resource" data-districts={r.districts.length}>
              <button type="button" className="city-res" onClick={() => setFocus({ lat: r.lat, lng: r.lng, seq: i + Math.random() })}>
                <span className="dot" style={{ background: catLabel.get(r.category)?.color ?? '#607d8b' }} />
                <span className="city-res-name">{r.name}</span>
                <span className="city-res-districts">
                  {r.districts.length > 1 && <span className="chip chip-lift">{t(C.nDistricts, { n: r.districts.length })}</span>} {r.districts.join('・')}
                </span>
              </button>
            </li>
          ))}
        </ol>
        {resources && resources.length > listed && (
          <button type="button" className="btn btn-wide" data-testid="more-resources" onClick={() => setListed(listed + RESOURCE_PAGE)}>
            {t(C.more, { n: resources.length - listed })}
          </button>
        )}
      </aside>
    </section>
  );
}
