import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { escapeHtml, localLabel, safeColor, type CityResource } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { attributionText, isGsiTiles } from '../export/printData.js';
import { spreadPoints } from '../export/spreadPins.js';
import { getConfig, type ClientConfig } from '../sync/api.js';
import { QrCode } from '../ui/QrCode.js';
import { orgApi, type CityData } from './cityApi.js';
import { C } from './cityStrings.js';
import { formatDay, unitColor } from './labels.js';
import { adoptOrgToken } from './orgToken.js';
import '../export/print.css';
import './cityPrint.css';

export type CityPaper = 'A3' | 'A1';
/**
 * Legend entries on the first sheet beside the map, and on each continuation sheet: a first
 * guess, then checked in the rendered page (entries that run past their column's end, or
 * into a column past the sheet's edge, move to the next sheet) before the page is ready.
 */
const FIRST_SHEET = { A3: 34, A1: 110 } as const;
const PER_SHEET = { A3: 4 * 34, A1: 5 * 100 } as const;
const MAX_FIT_ROUNDS = 30;
const BADGE_PX = { A3: 28, A1: 40 } as const;

interface Numbered {
  n: number;
  r: CityResource;
  district: string;
  color: string;
  categoryLabel: string;
}

/**
 * `/o/:org/city/print?paper=A3|A1`: the city resource map — every merged resource numbered on
 * the map, the legend grouped by district (a resource named in several districts is listed
 * under the first, with the others beside it), the units' outlines, the tile credit and a QR
 * code. The QR code opens `/o/:org` (the coordinator screen; it needs the coordinator link,
 * so it gives nothing away on a noticeboard; the legend says so). Sets
 * `body[data-print-ready="1"]` when the map and the QR code are drawn; the server renders the
 * same page to city.pdf. In the page's language (`?lang=en` from city.pdf?lang=en, else the one
 * chosen in the app): title, headings, the QR caption, the date and the categories' labels; the
 * names of places, districts and the organisation stay as written.
 */
export function CityPrintPage({ org, paper }: { org: string; paper: CityPaper }) {
  const t = useT();
  const { lang } = useLang();
  const [data, setData] = useState<CityData | null>(null);
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapReady, setMapReady] = useState<{ tiles: boolean } | null>(null);
  const [qrReady, setQrReady] = useState(false);
  const [fontsReady, setFontsReady] = useState(false);
  const [fit, setFit] = useState({ first: FIRST_SHEET[paper] as number, per: PER_SHEET[paper] as number, rounds: 0, done: false });
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    void document.fonts.ready.then(() => live && setFontsReady(true));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    const token = adoptOrgToken(org);
    if (!token) {
      setError(t(C.noToken));
      return;
    }
    Promise.all([orgApi(org, token).city(), getConfig()]).then(
      ([d, c]) => {
        setData(d);
        setConfig(c);
      },
      (e: unknown) => setError((e as Error).message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org]);
  useEffect(() => {
    document.documentElement.dataset.paper = paper;
    const style = document.createElement('style');
    // (CSS has no A1 keyword: A1 landscape is given in millimetres)
    style.textContent = `@page { size: ${paper === 'A1' ? '841mm 594mm' : 'A3 landscape'}; margin: 8mm; }`;
    document.head.appendChild(style);
    return () => {
      delete document.documentElement.dataset.paper;
      style.remove();
    };
  }, [paper]);

  const numbered = useMemo<Numbered[]>(() => {
    if (!data) return [];
    const cats = new Map(data.categories.map((c) => [c.id, c]));
    const order = new Map<string, number>();
    data.units.forEach((u, i) => order.set(u.name, i));
    data.workshops.forEach((w, i) => order.set(w.district, order.get(w.district) ?? 1000 + i));
    const list = data.resources
      .map((r) => ({ r, district: r.districts[0] ?? '' }))
      .sort((a, b) => (order.get(a.district) ?? 9999) - (order.get(b.district) ?? 9999) || a.district.localeCompare(b.district, 'ja'));
    return list.map((x, i) => ({
      n: i + 1,
      r: x.r,
      district: x.district,
      color: safeColor(cats.get(x.r.category)?.color) ?? '#607d8b',
      categoryLabel: ((c) => (c ? localLabel('category', c, lang) : ''))(cats.get(x.r.category)),
    }));
  }, [data, lang]);

  // every legend entry inside its sheet: count the ones past their list's box, move them on
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root || !data || !config || !fontsReady || fit.done) return;
    const lists = [...root.querySelectorAll<HTMLElement>('[data-testid="city-legend"]')];
    const over = lists.map((ol) => {
      const box = ol.getBoundingClientRect();
      return [...ol.children].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5;
      }).length;
    });
    const first = over[0] ?? 0;
    const cont = Math.max(0, ...over.slice(1));
    if ((first === 0 && cont === 0) || fit.rounds >= MAX_FIT_ROUNDS) setFit({ ...fit, done: true });
    else setFit({ first: Math.max(1, fit.first - first), per: Math.max(1, fit.per - cont), rounds: fit.rounds + 1, done: false });
  }, [data, config, fontsReady, fit]);

  const ready = !!data && !!mapReady && qrReady && fit.done;
  useEffect(() => {
    if (ready) document.body.dataset.printReady = '1';
    return () => {
      delete document.body.dataset.printReady;
    };
  }, [ready]);

  if (error) return <p className="error" data-testid="print-error">{error}</p>;
  if (!data || !config) return <p>…</p>;
  const base = (config.publicUrl || location.origin).replace(/\/+$/, '');
  const qrUrl = `${base}/o/${encodeURIComponent(org)}`;
  const first = numbered.slice(0, fit.first);
  const rest = numbered.slice(fit.first);
  const contSheets: Numbered[][] = [];
  for (let i = 0; i < rest.length; i += fit.per) contSheets.push(rest.slice(i, i + fit.per));
  const sheets = 1 + contSheets.length;
  const credit = mapReady?.tiles ? (isGsiTiles(config.tileUrl, config.tileAttribution) ? t(C.sourceTiles) : attributionText(config.tileAttribution)) : '';
  const date = formatDay(Date.now(), lang);
  const usedCats = data.categories.filter((c) => numbered.some((x) => x.r.category === c.id));

  return (
    <div ref={rootRef} className={`print-sheets city-print paper-${paper}`} data-testid="city-print" data-sheets={sheets} data-resources={numbered.length} data-legend-rounds={fit.rounds}>
      <div className="print-toolbar no-print">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          🖨
        </button>
      </div>
      <section className="print-sheet">
        <header className="print-head">
          <div className="print-head-main">
            <h1>{t(C.printTitle, { org: data.org.name })}</h1>
            <p className="print-sub">
              <span>{t(C.printDate, { date })}</span>
              <span>
                {((n) => t(n === 1 ? C.districtCountOne : C.districtCount, { n }))(new Set(data.workshops.map((w) => w.unitId).filter(Boolean)).size)}
              </span>
              {sheets > 1 && <span className="print-pageno">1 / {sheets}</span>}
            </p>
          </div>
          <div className="print-qr">
            <span>{t(C.qrNote)}</span>
            <QrCodeReady text={qrUrl} size={paper === 'A1' ? 160 : 96} label={t(C.qrNote)} onReady={() => setQrReady(true)} />
          </div>
        </header>
        <div className="print-body">
          <div className="print-map-wrap">
            <CityPrintMap data={data} numbered={numbered} tileUrl={config.tileUrl} badge={BADGE_PX[paper]} onReady={(tiles) => setMapReady({ tiles })} />
            <p className="print-credit">
              {credit} {credit && t(C.midSep)}
              {usedCats.map((c) => (
                <span key={c.id} className="city-print-cat">
                  <span className="dot" style={{ background: c.color }} />
                  {localLabel('category', c, lang)}
                </span>
              ))}
            </p>
          </div>
          <aside className="print-legend">
            <h2>{t(C.legend)}</h2>
            <Legend entries={first} columns={1} />
          </aside>
        </div>
      </section>
      {contSheets.map((list, i) => (
        <section key={i} className="print-sheet print-sheet-cont">
          <header className="print-head print-head-cont">
            <h1>
              {t(C.printTitle, { org: data.org.name })}
              {t(C.midSep)}
              {t(C.legend)}
            </h1>
            <span className="print-pageno">
              {i + 2} / {sheets}
            </span>
          </header>
          <Legend entries={list} columns={paper === 'A1' ? 5 : 4} />
        </section>
      ))}
    </div>
  );
}

/** Legend entries grouped by district (a heading where the district changes), in CSS columns. */
function Legend({ entries, columns }: { entries: Numbered[]; columns: number }) {
  const t = useT();
  return (
    <ol className="city-legend" style={{ columnCount: columns }} data-testid="city-legend">
      {entries.map((e, i) => (
        <li key={e.n} className={i === 0 || entries[i - 1]!.district !== e.district ? 'city-legend-first' : undefined}>
          {(i === 0 || entries[i - 1]!.district !== e.district) && <div className="city-legend-district" data-testid="legend-district">{e.district}</div>}
          <div className="city-legend-entry">
            <span className="legend-num" style={{ background: e.color }}>
              {e.n}
            </span>
            <span className="legend-text">
              <strong>{e.r.name}</strong>
              <small>
                {e.categoryLabel}
                {e.r.districts.length > 1 && `${t(C.spacedSep)}${t(C.nDistricts, { n: e.r.districts.length })}${t(C.inParens, { text: e.r.districts.join(t(C.listSep)) })}`}
              </small>
            </span>
          </div>
        </li>
      ))}
    </ol>
  );
}

function QrCodeReady({ text, size, label, onReady }: { text: string; size: number; label: string; onReady(): void }) {
  const box = useRef<HTMLDivElement>(null);
  const done = useRef(onReady);
  done.current = onReady;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => {
      const img = el.querySelector('img');
      if (img && img.complete) {
        done.current();
        return true;
      }
      return false;
    };
    if (check()) return;
    const obs = new MutationObserver(() => {
      const img = el.querySelector('img');
      if (img) {
        if (img.complete) done.current();
        else img.addEventListener('load', () => done.current(), { once: true });
        obs.disconnect();
      }
    });
    obs.observe(el, { childList: true, subtree: true });
    return () => obs.disconnect();
  }, [text]);
  return (
    <div ref={box}>
      <QrCode text={text} size={size} label={label} />
    </div>
  );
}

/** The printed map: static Leaflet, unit outlines, numbered badges (spread where they would overlap). */
function CityPrintMap({ data, numbered, tileUrl, badge, onReady }: { data: CityData; numbered: Numbered[]; tileUrl: string; badge: number; onReady(tiles: boolean): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const ready = useRef(onReady);
  ready.current = onReady;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const map = L.map(el, { zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.25, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false });
    const bounds = L.latLngBounds([]);
    const named: { bounds: L.LatLngBounds; name: string; color: string }[] = [];
    data.units.forEach((u, i) => {
      if (!u.geometry) return;
      // lines as thick on a poster as on a desk copy (the A1 page is rendered at twice the A3's pixels)
      const k = badge / BADGE_PX.A3;
      const shape = L.geoJSON(u.geometry as GeoJSON.Geometry, { style: { color: unitColor(i), weight: (u.level === 'jichikai' ? 2 : 4) * k, dashArray: u.level === 'jichikai' ? `${6 * k} ${6 * k}` : undefined, fill: false }, interactive: false } as L.GeoJSONOptions).addTo(map);
      bounds.extend(shape.getBounds());
      if (u.level !== 'jichikai') named.push({ bounds: shape.getBounds(), name: u.name, color: unitColor(i) });
    });
    for (const x of numbered) bounds.extend([x.r.lat, x.r.lng]);
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
    else map.setView([35.68, 139.69], 12);
    const at = numbered.map((x) => map.latLngToContainerPoint([x.r.lat, x.r.lng]));
    const spread = spreadPoints(at, badge + 2);
    numbered.forEach((x, i) => {
      const moved = Math.hypot(spread[i]!.x - at[i]!.x, spread[i]!.y - at[i]!.y) > 0.5;
      const where = moved ? map.containerPointToLatLng(L.point(spread[i]!.x, spread[i]!.y)) : L.latLng(x.r.lat, x.r.lng);
      if (moved) L.polyline([[x.r.lat, x.r.lng], where], { color: '#222', weight: 1.2, interactive: false }).addTo(map);
      const icon = L.divIcon({ className: 'print-pin', html: `<span style="background:${x.color};width:${badge}px;height:${badge}px;font-size:${Math.round(badge * 0.48)}px">${x.n}</span>`, iconSize: [badge, badge], iconAnchor: [badge / 2, badge / 2] });
      L.marker(where, { icon, interactive: false, keyboard: false }).addTo(map);
    });
    // each 地区/小学校区 name inside its outline where it is furthest from every badge and
    // name already placed (its centre, or just inside the middle of an edge): not under a pin
    const taken = [...spread];
    for (const u of named) {
      const nw = map.latLngToContainerPoint(u.bounds.getNorthWest());
      const se = map.latLngToContainerPoint(u.bounds.getSouthEast());
      const inset = badge * 0.8;
      const mx = (nw.x + se.x) / 2;
      const my = (nw.y + se.y) / 2;
      const candidates = [L.point(mx, my), L.point(mx, nw.y + inset), L.point(mx, se.y - inset), L.point(nw.x + inset * 3, my), L.point(se.x - inset * 3, my)];
      const room = (c: L.Point) => Math.min(Infinity, ...taken.map((t) => Math.hypot(t.x - c.x, (t.y - c.y) * 2)));
      const best = candidates.reduce((a, b) => (room(b) > room(a) + 1 ? b : a));
      taken.push(best);
      L.marker(map.containerPointToLatLng(best), { icon: L.divIcon({ className: 'city-print-unit', html: `<span style="color:${u.color}">${escapeHtml(u.name)}</span>`, iconSize: [0, 0] }), interactive: false, keyboard: false }).addTo(map);
    }
    let done = false;
    let drawn = 0;
    const finish = () => {
      if (done) return;
      done = true;
      ready.current(drawn > 0);
    };
    if (tileUrl) {
      const layer = L.tileLayer(tileUrl, { maxZoom: 18 });
      layer.once('load', finish);
      layer.on('tileload', () => drawn++);
      layer.on('tileerror tileload', () => window.setTimeout(() => !layer.isLoading() && finish(), 50));
      layer.addTo(map);
    } else finish();
    const timer = window.setTimeout(finish, 8000);
    return () => {
      window.clearTimeout(timer);
      map.remove();
    };
  }, [data, numbered, tileUrl, badge]);
  return <div ref={ref} className="print-map" data-testid="city-print-map" />;
}
