import { useCallback, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { MapContainer } from 'react-leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { canAccessRestricted, canWrite, may, movePin, updateArea, type Polygon } from '@tsunagu/shared';
import { addArea } from '@tsunagu/shared';
import type { MapPaneProps } from '../slots.js';
import { useT } from '../i18n/lang.js';
import { AddPinCatcher, AddPinForm } from './AddPinForm.js';
import { AreaDrawBar, AreaDrawer } from './AreaDrawer.js';
import { AreaLayer } from './AreaLayer.js';
import { AreaPanel } from './AreaPanel.js';
import { AreaShapeEditor } from './AreaShapeEditor.js';
import { BaseTiles } from './BaseTiles.js';
import { EMPTY_LAYERS, toPins, visiblePins, type LayerState, type MapPin } from './layerFilter.js';
import { LayerLegend } from './LayerLegend.js';
import { M } from './mapStrings.js';
import { MapViewSync } from './MapViewSync.js';
import { useOfferMatches } from '../board/useOfferMatches.js';
import { PinLayer } from './PinLayer.js';
import { PixelSnap } from './PixelSnap.js';
import { removeVertex } from './ringEdit.js';
import { selectItem } from './selection.js';
import { useAreas, useCategories, useColumnLabels, useDocItems, useMeta } from './useMapData.js';
import { useFreshIds } from './useFreshIds.js';
import { useTileConfig } from './useTileConfig.js';
import { TileSavePanel } from './TileSavePanel.js';
import { PlaceSearch } from './PlaceSearch.js';
import { TS } from './tileStrings.js';
import { usePaneWidth } from './usePaneWidth.js';
import { useProjecting } from '../privacy/projecting.js';
import { DensityLayer } from '../privacy/DensityLayer.js';
import '../privacy/privacy.css';
import { PV } from '../privacy/privacyStrings.js';

/** Below this pane width the legend is a drawer over the map instead of a column beside it. */
const WIDE_PANE = 760;

/**
 * The map beside the board (wide screens), as a tab (phones) and on the projector. Every
 * item with lat/lng is a pin. The restricted layer (心配な世帯) is read from the restricted
 * document, which only staff and the facilitator have, and never shown in projector mode.
 */
export default function MapPane({ doc, restrictedDoc, awareness, role, mode, workshopId, token }: MapPaneProps) {
  const t = useT();
  const projector = mode === 'projector';
  // 「投影中」 (issue 17): a staff screen shared in the hall shows what the projector shows
  const { projecting } = useProjecting();
  const showRestricted = !projector && !projecting && canAccessRestricted(role) && restrictedDoc !== null;
  const items = useDocItems(doc);
  const restrictedItems = useDocItems(showRestricted ? restrictedDoc : null);
  const categories = useCategories(doc);
  const areas = useAreas(doc);
  const columns = useColumnLabels(doc);
  const meta = useMeta(doc);
  const { tiles, failed: configFailed } = useTileConfig();
  const [tilesFailed, setTilesFailed] = useState(false);
  const [layers, setLayers] = useState<LayerState>(EMPTY_LAYERS);
  const paneRef = useRef<HTMLDivElement>(null);
  const wide = usePaneWidth(paneRef) >= WIDE_PANE;
  const [panelChoice, setPanelOpen] = useState<boolean | null>(null);
  const panelOpen = panelChoice ?? (wide && mode === 'board');
  const [drawing, setDrawing] = useState<Polygon | null>(null);
  // the id only: the editor and the handles read the live area, so a remote change shows
  const [editingId, setEditingId] = useState<string | null>(null);
  const [vertex, setVertex] = useState<number | null>(null);
  const [adding, setAdding] = useState<{ at: [number, number] | null } | null>(null);
  const [leaflet, setLeaflet] = useState<L.Map | null>(null);

  const localUser = (awareness.getLocalState() as { user?: { id?: string; name?: string; kind?: string } } | null)?.user;
  const userId = localUser?.id;
  // Held notes (a sensitive word, issue 17) stay off the projector and viewers until released.
  const hideHeld = projector || projecting || role === 'viewer';
  const allPins = useMemo(
    // a participant sees its own held notes only
    () => [...toPins(items.filter((i) => !i.held || (!hideHeld && (canAccessRestricted(role) || i.authorId === userId))), false), ...(showRestricted ? toPins(restrictedItems, true) : [])],
    [items, restrictedItems, showRestricted, hideHeld, role, userId],
  );
  // The density view (issue 17): needs counted per area instead of drawn as pins.
  const [density, setDensity] = useState(false);
  const pins = useMemo(() => {
    const shown = visiblePins(allPins, categories, layers, areas);
    if (!density) return shown;
    const needs = new Set(categories.filter((c) => c.kind === 'need').map((c) => c.id));
    return shown.filter((p) => p.restricted || !needs.has(p.category));
  }, [allPins, categories, layers, areas, density]);
  const offerMatches = useOfferMatches(doc, items);
  const fresh = useFreshIds(allPins);

  const canAddPin = !projector && may(role, meta.phase, 'add');
  const staff = canAccessRestricted(role);
  const canDrag = useCallback(
    (pin: MapPin) => !projector && canWrite(role) && (staff || (!!userId && pin.authorId === userId)),
    [projector, role, staff, userId],
  );
  const onMove = useCallback(
    (pin: MapPin, lat: number, lng: number) => {
      const target = pin.restricted ? restrictedDoc : doc;
      if (target) movePin(target, pin.id, lat, lng, { areasDoc: doc, exactDoc: pin.restricted ? null : restrictedDoc });
    },
    [doc, restrictedDoc],
  );
  const labels = useMemo(
    () => ({
      category: t(M.category),
      column: t(M.column),
      votes: t(M.votes),
      area: t(M.area),
      author: t(M.author),
      restrictedNote: t(M.restrictedNote),
      dragHint: t(M.dragHint),
      offers: t(M.offers),
    }),
    [t],
  );
  const plain = configFailed || tilesFailed;
  const canEditAreas = staff && !projector;
  const focusArea = layers.areaId;
  const editing = useMemo(() => (editingId ? (areas.find((a) => a.id === editingId) ?? null) : null), [areas, editingId]);
  const edit = useCallback((id: string | null) => {
    setEditingId(id);
    setVertex(null);
  }, []);
  // a remote edit may have removed the selected corner
  const selectedVertex = editing && vertex !== null && vertex < editing.polygon.length ? vertex : null;
  // one write per drop (AreaShapeEditor); updateArea validates and recomputes the pins' areaId
  const reshape = useCallback(
    (polygon: Polygon) => {
      if (editingId) updateArea(doc, editingId, { polygon });
    },
    [doc, editingId],
  );
  const shapeTitles = useMemo(() => ({ vertex: t(M.vertexTitle), midpoint: t(M.midpointTitle) }), [t]);

  return (
    <div
      ref={paneRef}
      className={`tg-map-pane tg-mode-${mode}${plain ? ' tg-map-plain' : ''}${wide || projector ? ' tg-wide' : ' tg-narrow'}`}
      data-testid="map-pane" data-tiles={plain ? 'failed' : tiles ? 'ok' : 'pending'}>
      <div className="tg-map-holder">
        <MapContainer center={meta.center} zoom={meta.zoom} className="tg-map" zoomControl={!projector} fadeAnimation={false} zoomAnimation={false} markerZoomAnimation={false} attributionControl ref={setLeaflet}>
          <MapViewSync center={meta.center} zoom={meta.zoom} />
          <PixelSnap />
          {tiles && !configFailed && <BaseTiles tiles={tiles} onFailed={setTilesFailed} />}
          <AreaLayer areas={areas} focusId={focusArea} big={projector} onPick={canEditAreas && !drawing && !adding ? (a) => edit(a.id) : undefined} />
          {density && <DensityLayer items={items.filter((i) => !i.held)} categories={categories} areas={areas} big={projector} />}
          <PinLayer pins={pins} categories={categories} columns={columns} areas={areas} big={projector} freshIds={fresh} canDrag={canDrag} onMove={onMove} labels={labels} offers={offerMatches} />
          {canEditAreas && editing && (
            <AreaShapeEditor polygon={editing.polygon} selected={selectedVertex} onSelect={setVertex} onChange={reshape} titles={shapeTitles} />
          )}
          {drawing && <AreaDrawer points={drawing} onAdd={(p) => setDrawing((d) => [...(d ?? []), p])} />}
          {adding && <AddPinCatcher at={adding.at} onTap={(lat, lng) => setAdding({ at: [lat, lng] })} />}
        </MapContainer>
        {plain && !(panelOpen && !wide && !projector) && (
          // with the legend drawer open over a narrow map the notice would sit under it
          <div className="tg-map-notice" role="status" data-testid="tiles-failed">
            {t(M.tilesFailed)}
            <br />
            <span className="tg-map-notice-fix" data-testid="tiles-fix">
              {t(staff && !projector ? TS.fixStaff : TS.fixOthers)}
            </span>
            {staff && !projector && workshopId && token && !panelOpen && (
              <button className="btn" type="button" data-testid="tiles-open-save" onClick={() => setPanelOpen(true)}>
                🗺 {t(TS.openSave)}
              </button>
            )}
          </div>
        )}
        {drawing && (
          <AreaDrawBar
            count={drawing.length}
            onUndo={() => setDrawing((d) => (d ?? []).slice(0, -1))}
            onCancel={() => setDrawing(null)}
            onFinish={() => {
              const id = addArea(doc, { name: t(M.newAreaName), kind: 'jichikai', polygon: drawing });
              setDrawing(null);
              edit(id);
            }}
          />
        )}
        {adding && (
          <AddPinForm
            doc={doc}
            restrictedDoc={showRestricted ? restrictedDoc : null}
            categories={categories}
            at={adding.at}
            author={{ id: userId ?? '', name: localUser?.name ?? '', kind: localUser?.kind ?? '' }}
            onDone={(id) => {
              setAdding(null);
              if (id) selectItem(id, 'map');
            }}
          />
        )}
        {canEditAreas && editing && !panelOpen && !drawing && (
          // with the side panel closed (laptop split), the hint and the way out sit on the map
          <div className="tg-map-banner" data-testid="area-shape-bar">
            <span>
              ✏️ {editing.name}：{t(M.shapeHint)}
            </span>
            <button className="btn" type="button" data-testid="area-shape-more" onClick={() => setPanelOpen(true)}>
              {t(M.editArea)}
            </button>
            <button className="btn btn-primary" type="button" data-testid="area-shape-done" onClick={() => edit(null)}>
              {t(M.done)}
            </button>
          </div>
        )}
        {canAddPin && !adding && !drawing && !(editing && !panelOpen) && (
          <button className="tg-addpin-toggle btn" type="button" data-testid="add-pin" onClick={() => setAdding({ at: null })}>
            📍 {t(M.addPin)}
          </button>
        )}
        {!projector && leaflet && (
          <button
            className="tg-fit btn"
            type="button"
            data-testid="map-fit"
            onClick={() => {
              const pts: [number, number][] = [...pins.map((p): [number, number] => [p.lat, p.lng]), ...areas.flatMap((a) => a.polygon)];
              if (pts.length > 0) leaflet.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 17 });
            }}
          >
            ⤢ {t(M.fitAll)}
          </button>
        )}
        {areas.length > 0 && !adding && !drawing && !editing && (
          <button className={`tg-density-toggle btn${density ? ' on' : ''}`} type="button" data-testid="density-toggle" aria-pressed={density} onClick={() => setDensity(!density)}>
            {density ? `📍 ${t(PV.densityOff)}` : `▦ ${t(PV.densityOn)}`}
          </button>
        )}
        {!projector && (
          <button className="tg-legend-toggle btn" type="button" data-testid="legend-toggle" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)}>
            🗂 {t(M.legendShort)}
          </button>
        )}
      </div>
      {/* the projector's legend box only once there is a pin to explain (no empty box) */}
      {(panelOpen || (projector && allPins.length > 0)) && (
        <aside className="tg-map-side" data-testid="map-side">
          {!projector && leaflet && <PlaceSearch items={items} areas={areas} onPick={(p) => leaflet.setView([p.lat, p.lng], Math.max(leaflet.getZoom(), 17))} />}
          {!projector && (
            <AreaPanel
              doc={doc}
              areas={areas}
              filterId={layers.areaId}
              onFilter={(areaId) => setLayers((l) => ({ ...l, areaId }))}
              canEdit={canEditAreas}
              editing={editing}
              onEdit={(a) => edit(a?.id ?? null)}
              onDraw={() => {
                edit(null);
                setDrawing([]);
              }}
              selectedVertex={selectedVertex}
              onDeleteVertex={() => {
                if (editing && selectedVertex !== null) reshape(removeVertex(editing.polygon, selectedVertex));
                setVertex(null);
              }}
            />
          )}
          <h3 className="tg-legend-title">{t(projector ? M.legendShort : M.legend)}</h3>
          <LayerLegend categories={categories} pins={allPins} layers={layers} showRestricted={showRestricted} onChange={setLayers} compact={projector} />
          <p className="tg-map-count muted" data-testid="pins-shown">
            {t(M.showing, { n: pins.length })}
          </p>
          {staff && !projector && workshopId && token && <TileSavePanel workshopId={workshopId} token={token} />}
        </aside>
      )}
    </div>
  );
}
