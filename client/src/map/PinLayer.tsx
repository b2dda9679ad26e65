import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { useMap } from 'react-leaflet';
import type { Area, Category } from '@tsunagu/shared';
import type { MapPin } from './layerFilter.js';
import { flatMarker } from './flatLayers.js';
import { clusterIcon, pinIcon } from './pinIcon.js';
import { pinPopupContent, type PopupLabels } from './pinPopup.js';
import { selectItem, useSelectedItem } from './selection.js';

/**
 * Pins on the map, clustered with supercluster so 2,000 pins stay usable: only the clusters
 * and pins inside the view are markers, recomputed when the view settles (moveend), never
 * during a pan. Markers are managed imperatively (one Leaflet layer group) and reused
 * across updates when nothing about them changed.
 */
export interface PinLayerProps {
  pins: readonly MapPin[];
  categories: readonly Category[];
  columns: ReadonlyMap<string, string>;
  areas: readonly Area[];
  big: boolean;
  freshIds: ReadonlySet<string>;
  canDrag(pin: MapPin): boolean;
  onMove(pin: MapPin, lat: number, lng: number): void;
  labels: Omit<PopupLabels, 'dragHint'> & { dragHint: string };
  /** ニーズとシーズ: offers of help matching each need pin, shown in its popup. */
  offers?: ReadonlyMap<string, readonly { text: string }[]>;
}

interface Entry {
  marker: L.Marker;
  sig: string;
}

type PointProps = { id: string };

export function PinLayer(props: PinLayerProps) {
  const map = useMap();
  const selection = useSelectedItem();
  const latest = useRef(props);
  latest.current = props;
  const selectedRef = useRef(selection.id);
  selectedRef.current = selection.id;

  const index = useMemo(() => {
    const sc = new Supercluster<PointProps>({ radius: 100, maxZoom: 17, minPoints: 4 });
    sc.load(props.pins.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: { id: p.id } })));
    return sc;
  }, [props.pins]);
  const byId = useMemo(() => new Map(props.pins.map((p) => [p.id, p])), [props.pins]);

  const group = useMemo(() => L.layerGroup(), []);
  const entries = useRef(new Map<string, Entry>());

  useEffect(() => {
    const all = entries.current;
    group.addTo(map);
    return () => {
      group.remove();
      all.clear();
    };
  }, [map, group]);

  const sync = useRef<() => void>(() => {});
  sync.current = () => {
    const { big, freshIds, categories, columns, areas, labels } = latest.current;
    const b = map.getBounds().pad(0.25);
    const zoom = Math.round(map.getZoom());
    const features = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    const seen = new Set<string>();
    for (const f of features) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const cp = f.properties as Partial<ClusterProperties> & Partial<PointProps>;
      if (cp.cluster) {
        const key = `c:${cp.cluster_id}:${cp.point_count}`;
        seen.add(key);
        if (entries.current.has(key)) continue;
        const marker = flatMarker([lat, lng], { icon: clusterIcon(cp.point_count ?? 0, big), keyboard: true, title: String(cp.point_count) });
        const clusterId = cp.cluster_id!;
        marker.on('click', () => map.setView([lat, lng], Math.min(index.getClusterExpansionZoom(clusterId), 18), { animate: false }));
        marker.addTo(group);
        marker.getElement()?.setAttribute('data-cluster', String(cp.point_count));
        entries.current.set(key, { marker, sig: key });
        continue;
      }
      const pin = byId.get(cp.id!);
      if (!pin) continue;
      const key = `p:${pin.id}`;
      seen.add(key);
      const cat = categories.find((c) => c.id === pin.category);
      const look = {
        color: pin.restricted ? '#4e342e' : (pin.color ?? cat?.color ?? '#757575'),
        icon: cat?.icon ?? '●',
        restricted: pin.restricted,
        selected: selectedRef.current === pin.id,
        fresh: freshIds.has(pin.id),
        big,
      };
      const draggable = latest.current.canDrag(pin);
      const sig = JSON.stringify([look, pin.lat, pin.lng, draggable]);
      const old = entries.current.get(key);
      if (old && old.sig === sig) continue;
      if (old) {
        old.marker.setLatLng([pin.lat, pin.lng]);
        old.marker.setIcon(pinIcon(look));
        if (draggable) old.marker.dragging?.enable();
        else old.marker.dragging?.disable();
        old.sig = sig;
        decorate(old.marker, pin);
        continue;
      }
      const marker = flatMarker([pin.lat, pin.lng], { icon: pinIcon(look), draggable, keyboard: true, title: pin.text.slice(0, 40), riseOnHover: true });
      marker.bindPopup(() => {
        const p = byIdRef.current.get(pin.id) ?? pin;
        const c = latest.current.categories.find((x) => x.id === p.category);
        const area = p.areaId ? areas.find((a) => a.id === p.areaId) : undefined;
        return pinPopupContent(p, c, columns.get(p.column) ?? p.column, area, {
          ...labels,
          dragHint: latest.current.canDrag(p) ? labels.dragHint : null,
        }, latest.current.offers?.get(p.id) ?? []);
      });
      marker.on('click', () => selectItem(pin.id, 'map'));
      marker.on('dragend', () => {
        const ll = marker.getLatLng();
        const p = byIdRef.current.get(pin.id);
        if (p) latest.current.onMove(p, ll.lat, ll.lng);
      });
      marker.addTo(group);
      decorate(marker, pin);
      entries.current.set(key, { marker, sig });
    }
    for (const [key, e] of entries.current) {
      if (seen.has(key)) continue;
      e.marker.remove();
      entries.current.delete(key);
    }
  };
  const byIdRef = useRef(byId);
  byIdRef.current = byId;

  useEffect(() => {
    const run = () => sync.current();
    map.on('moveend', run);
    return () => {
      map.off('moveend', run);
    };
  }, [map]);

  useEffect(() => {
    sync.current();
  }, [index, selection.id, props.freshIds, props.big, props.categories, props.canDrag]);

  // A selection made on the board brings its pin into view and opens its popup.
  useEffect(() => {
    if (selection.source !== 'board' || !selection.id) return;
    const pin = byIdRef.current.get(selection.id);
    if (!pin) return;
    const zoom = Math.max(map.getZoom(), 17);
    map.setView([pin.lat, pin.lng], zoom, { animate: false });
    sync.current();
    entries.current.get(`p:${pin.id}`)?.marker.openPopup();
  }, [selection, map]);

  return null;
}

function decorate(marker: L.Marker, pin: MapPin): void {
  const el = marker.getElement();
  if (!el) return;
  el.dataset.pinId = pin.id;
  el.dataset.category = pin.category;
  el.dataset.restricted = String(pin.restricted);
  el.setAttribute('aria-label', pin.text.slice(0, 80) || pin.category);
}
