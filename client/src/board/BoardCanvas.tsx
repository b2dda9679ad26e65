import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Layer, Rect, Stage } from 'react-konva';
import type Konva from 'konva';
import type * as Y from 'yjs';
import { LANE_HEADER, LANE_WIDTH, NOTE_HEIGHT, NOTE_WIDTH, participantKindLabel, safeColor, type ActionStatus, type Lang, type Offer } from '@tsunagu/shared';
import { colorForKind } from '../sync/presence.js';
import { moveGroup, setFrameRect } from '@tsunagu/shared';
import { ConnectorsLayer, DragBus } from './ConnectorsLayer.js';
import { FramesLayer, type FrameView } from './FramesLayer.js';
import { ActionBadges, OfferBadges } from './OfferBadges.js';
import { LiftBadges } from '../city/lifting.js';
import { ConnectHandle, endAtPoint } from './ConnectHandle.js';
import { frameBoxes } from './connectorGeometry.js';
import { LANE_GAP, LANE_HEIGHT, LanesLayer } from './LanesLayer.js';
import { NoteShape } from './NoteShape.js';
import { NotesPainter } from './NotesPainter.js';
import { PresenceLayer } from './PresenceLayer.js';
import type { BoardData, BoardNote } from './useBoardData.js';
import { useNoteDrag, type Move } from './useNoteDrag.js';
import type { Peer } from './usePresence.js';
import { useStageGestures } from './useStageGestures.js';
import { intersects, visibleRect, type Rect as R, type View } from './viewport.js';

/**
 * The react-konva board, built to stay smooth with thousands of notes in software rendering:
 * - one canvas layer (lanes, group frames, notes, cursors): each extra full-size canvas costs
 *   a copy and a blend on every frame;
 * - only notes inside (a margin around) the viewport are mounted as interactive NoteShapes
 *   (culling), each drawn from its bitmap cache; zoomed far out they are plain papers (level
 *   of detail), and on-screen notes that are not mounted are drawn by NotesPainter;
 * - pan and zoom gestures move the stage imperatively, at a lower canvas resolution and
 *   without the hit graph, and commit the view to React when they settle (useStageGestures).
 */
export interface BoardCanvasProps {
  data: BoardData;
  width: number;
  height: number;
  view: View;
  setView(update: (v: View) => View): void;
  selection: ReadonlySet<string>;
  setSelection(s: Set<string>): void;
  canMove: boolean;
  canEditNote(note: BoardNote): boolean;
  /** This device's own dots by note (from the server: tallies are not on any device before the reveal). */
  myDots: Readonly<Record<string, number>>;
  peers: readonly Peer[];
  projector: boolean;
  lang: Lang;
  editingId: string | null;
  onCreateAt(x: number, y: number): void;
  /** A click on a lane's header: bring that lane to the full width. */
  onLaneFocus(index: number): void;
  onOpen(id: string): void;
  onNoteClick(id: string, e: MouseEvent | TouchEvent): void;
  onDrop(moves: Move[]): void;
  onCursor(p: { x: number; y: number } | null): void;
  onDragging(d: { id: string; x: number; y: number; ids: string[]; dx: number; dy: number } | null): void;
  /** 図式化 (staff and facilitator): connectors and frames can be selected, moved, resized. */
  diagram: boolean;
  /** The public document (frames and connectors are written there). */
  doc: Y.Doc;
  selectedConnector: string | null;
  onConnectorSelect(id: string): void;
  /** 図式化: a line drawn by dragging the selected note's handle onto another note or frame. */
  onConnect?(from: string, to: string): void;
  /** ニーズとシーズ: residents' offers matching each need, by note id. */
  offers?: ReadonlyMap<string, Offer[]>;
  /** 取り組み: the notes actions came from, with the action's status. */
  actionSources?: ReadonlyMap<string, ActionStatus>;
}

/** Below this zoom notes are drawn as plain papers (their text would be a few pixels tall). */
export const LOD_SCALE = 0.3;
/** Interactive notes mounted around the viewport: the viewport grown by this part of itself. */
const CULL_MARGIN = 0.25;
/** Zoomed out, more notes than this in view are drawn by the painter only (not mounted). */
const MAX_LOD_MOUNTED = 300;

/** Canvas resolution while a pan/zoom gesture runs, relative to the device's (whole pixels: 1/2). */
const MOVING_RESOLUTION = 0.5;

const contains = (outer: R, inner: R): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

export function BoardCanvas(props: BoardCanvasProps) {
  const { data, view, width, height, selection, projector, lang, peers } = props;
  const byId = useMemo(() => new Map(data.notes.map((n) => [n.id, n])), [data.notes]);
  const catById = useMemo(() => new Map(data.categories.map((c) => [c.id, c])), [data.categories]);
  const propsRef = useRef(props);
  propsRef.current = props;

  const expand = useCallback(
    (ids: Iterable<string>) => {
      const out = new Set(ids);
      const groups = new Set([...out].map((id) => byId.get(id)?.groupId).filter(Boolean));
      if (groups.size) for (const n of byId.values()) if (n.groupId && groups.has(n.groupId)) out.add(n.id);
      return out;
    },
    [byId],
  );

  // connectors follow a dragged note on every pointer move, without re-rendering the board
  const bus = useRef<DragBus>(null);
  bus.current ??= new DragBus();
  const onDragging = useCallback((d: { id: string; x: number; y: number; ids: string[]; dx: number; dy: number } | null) => {
    bus.current!.publish(d && { ids: d.ids, dx: d.dx, dy: d.dy });
    propsRef.current.onDragging(d);
  }, []);
  const drag = useNoteDrag({
    notes: byId,
    columns: data.columns,
    selection,
    expand,
    setSelection: props.setSelection,
    onDragging,
    onDrop: props.onDrop,
  });

  // The view as shown: mid-gesture the stage is moved/scaled imperatively (see
  // useStageGestures) and React's `view` catches up when the gesture settles.
  const stageRef = useRef<Konva.Stage>(null);
  const notesLayerRef = useRef<Konva.Layer>(null);
  const live = useRef(view);
  const lastView = useRef(view);
  if (lastView.current !== view) {
    lastView.current = view;
    live.current = view;
  }
  const previewing = useRef(false);
  const fullRatio = useRef(1);
  const preview = useCallback((v: View) => {
    live.current = v;
    const stage = stageRef.current;
    if (!stage) return;
    const layer = notesLayerRef.current;
    stage.position({ x: v.x, y: v.y });
    stage.scale({ x: v.scale, y: v.scale });
    if (!previewing.current && layer) {
      // While moving: no hit graph, and the canvas at half resolution, scaled up by the
      // compositor without smoothing (in software rendering a frame's cost is mostly pixels:
      // clearing and drawing the canvas, handing it over, compositing it; a smoothed upscale
      // would cost the compositor more than the smaller canvas saves). All is restored when
      // the gesture settles.
      previewing.current = true;
      layer.listening(false);
      fullRatio.current = layer.getCanvas().getPixelRatio();
      layer.getCanvas().setPixelRatio(fullRatio.current * MOVING_RESOLUTION);
      layer.getCanvas()._canvas.style.imageRendering = 'pixelated';
      layer.draw();
    } else layer?.batchDraw();
    const box = stage.container().parentElement;
    if (box) {
      box.dataset.viewX = String(v.x);
      box.dataset.viewY = String(v.y);
      box.dataset.viewScale = String(v.scale);
    }
  }, []);
  // The hit graph (what is under the pointer) is drawn after the board has been shown, and
  // the notes around the viewport are mounted then (`warm`): the first drawing waits for
  // neither. Then the hit graph is kept up to date, except while moving.
  const hitOn = useRef(false);
  const [warm, setWarm] = useState(false);
  useLayoutEffect(() => {
    if (!hitOn.current) notesLayerRef.current?.listening(false);
  }, []);
  const hasNotes = data.notes.length > 0;
  useEffect(() => {
    if (hitOn.current || !hasNotes) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    const raf = requestAnimationFrame(() => {
      t = setTimeout(() => {
        setWarm(true);
        hitOn.current = true;
        const layer = notesLayerRef.current;
        if (!layer || previewing.current) return; // a gesture in flight turns it on when it settles
        layer.listening(true);
        layer.drawHit();
      }, 0);
    });
    return () => {
      cancelAnimationFrame(raf);
      clearTimeout(t);
    };
  }, [hasNotes]);
  useLayoutEffect(() => {
    if (!previewing.current) return;
    previewing.current = false;
    const layer = notesLayerRef.current;
    if (!layer) return;
    layer.getCanvas().setPixelRatio(fullRatio.current);
    layer.getCanvas()._canvas.style.imageRendering = '';
    if (hitOn.current) layer.listening(true);
    layer.draw();
  }, [view]);

  const gestures = useStageGestures({
    getView: () => live.current,
    preview,
    setView: props.setView,
    onCursor: props.onCursor,
    onCreateAt: props.onCreateAt,
    onBackgroundClick: (at) => {
      const p = propsRef.current;
      p.setSelection(new Set());
      if (at && at.y >= 0 && at.y <= LANE_HEADER && at.x >= 0 && at.x % LANE_WIDTH <= LANE_WIDTH - LANE_GAP) {
        const lane = Math.floor(at.x / LANE_WIDTH);
        if (lane < p.data.columns.length) p.onLaneFocus(lane);
      }
    },
    onMarquee: (r: R) => {
      const hit = data.notes.filter((n) => intersects(r, { x: n.x, y: n.y, w: NOTE_WIDTH, h: NOTE_HEIGHT })).map((n) => n.id);
      props.setSelection(expand([...selection, ...hit]));
    },
  });

  const onPointer = useCallback((id: string, e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    const p = propsRef.current;
    const shift = 'shiftKey' in e.evt && e.evt.shiftKey;
    if (shift) {
      const next = new Set(p.selection);
      if (next.has(id)) next.delete(id);
      else for (const x of expand([id])) next.add(x);
      p.setSelection(next);
    } else if (!p.selection.has(id)) p.setSelection(expand([id]));
  }, [expand]);
  const onOpen = useCallback((id: string) => propsRef.current.onOpen(id), []);
  const onClick = useCallback((id: string, e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => propsRef.current.onNoteClick(id, e.evt), []);

  // remote drags: others see notes move before the drop is written
  const remoteOffsets = useMemo(() => {
    const m = new Map<string, { dx: number; dy: number }>();
    for (const p of peers) {
      const d = p.state.dragging;
      if (d && Array.isArray(d.ids) && typeof d.dx === 'number' && typeof d.dy === 'number') for (const id of d.ids) m.set(id, { dx: d.dx, dy: d.dy! });
    }
    return m;
  }, [peers]);

  // Culling with hysteresis: interactive notes are mounted for the viewport grown by a quarter
  // of its size, recomputed only when the (committed) viewport leaves that area or the zoom
  // changes a lot. Zoomed far out (level of detail) notes are plain papers without text; if
  // too many would be mounted there, only the painter draws them (selected ones stay mounted).
  // Whatever is on screen and not mounted (mid-gesture, or too many) is drawn by NotesPainter.
  // The first drawing mounts only what is on screen; the margin follows after the first paint.
  const lod = view.scale < LOD_SCALE;
  const margin = warm ? CULL_MARGIN : 0;
  const cull = useRef<{ rect: R; scale: number; lod: boolean; margin: number } | null>(null);
  const viewRect = visibleRect(view, width, height, 0);
  const c = cull.current;
  if (!c || c.lod !== lod || c.margin !== margin || !contains(c.rect, viewRect) || view.scale / c.scale > 1.3 || c.scale / view.scale > 1.3) {
    cull.current = { rect: visibleRect(view, width, height, margin), scale: view.scale, lod, margin };
  }
  const cullRect = cull.current!.rect;
  const shown = useMemo(() => {
    const inRect = data.notes.filter((n) => intersects(cullRect, { x: n.x, y: n.y, w: NOTE_WIDTH, h: NOTE_HEIGHT }));
    if (lod && inRect.length > MAX_LOD_MOUNTED) return data.notes.filter((n) => selection.has(n.id) || remoteOffsets.has(n.id));
    const inSet = new Set(inRect);
    return data.notes.filter((n) => inSet.has(n) || selection.has(n.id) || remoteOffsets.has(n.id));
  }, [data.notes, selection, remoteOffsets, cullRect, lod]);
  const mounted = useMemo(() => new Set(shown.map((n) => n.id)), [shown]);

  // how many notes are mounted after culling (a DOM attribute for tests and the benchmark)
  useEffect(() => {
    const box = stageRef.current?.container().parentElement;
    box?.setAttribute('data-drawn', String(shown.length));
    box?.setAttribute('data-remote-dragging', [...remoteOffsets.keys()].join(' '));
  });

  const frames = useMemo<FrameView[]>(() => frameBoxes(data.groups, data.notes).map(({ group, box }) => ({ group, ...box })), [data.groups, data.notes]);

  // a frame being moved here: its notes (and their connectors) follow until the drop is written
  const [frameDrag, setFrameDrag] = useState<{ id: string; dx: number; dy: number } | null>(null);
  const onFrameDragging = useCallback(
    (d: { id: string; dx: number; dy: number } | null) => {
      setFrameDrag(d);
      const ids = d ? [d.id, ...data.notes.filter((n) => n.groupId === d.id).map((n) => n.id)] : [];
      bus.current!.publish(d && { ids, dx: d.dx, dy: d.dy });
    },
    [data.notes],
  );
  const onFrameMove = useCallback((id: string, dx: number, dy: number) => moveGroup(propsRef.current.doc, id, dx, dy), []);
  const onFrameResize = useCallback((id: string, rect: R) => setFrameRect(propsRef.current.doc, id, rect), []);
  const onFrameSelect = useCallback((id: string) => {
    const p = propsRef.current;
    p.setSelection(new Set(p.data.notes.filter((n) => n.groupId === id).map((n) => n.id)));
  }, []);
  const offsetOf = (n: BoardNote) => (frameDrag && n.groupId === frameDrag.id ? frameDrag : remoteOffsets.get(n.id));

  // where each live end of a connector is: notes and frames
  const rects = useMemo(() => {
    const m = new Map<string, R>();
    for (const n of data.notes) if (!n.restricted) m.set(n.id, { x: n.x, y: n.y, w: NOTE_WIDTH, h: NOTE_HEIGHT });
    for (const f of frames) m.set(f.group.id, { x: f.x, y: f.y, w: f.w, h: f.h });
    return m;
  }, [data.notes, frames]);

  const vote = data.meta.vote;
  // quantised so the notes are re-rasterised only when the zoom changes by a step
  // and only once the zoom has settled (re-rasterising 100+ notes mid-gesture drops frames)
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const wantRatio = Math.min(4, Math.max(0.5, Math.pow(2, Math.ceil(Math.log2(view.scale * dpr * 1.2) * 2) / 2)));
  const [cacheRatio, setCacheRatio] = useState(wantRatio);
  useEffect(() => {
    if (wantRatio === cacheRatio) return;
    const t = setTimeout(() => setCacheRatio(wantRatio), 250);
    return () => clearTimeout(t);
  }, [wantRatio, cacheRatio]);
  const laneHeight = useMemo(() => Math.max(LANE_HEIGHT, data.notes.reduce((m, n) => Math.max(m, n.y + NOTE_HEIGHT + 200), 0)), [data.notes]);
  return (
    <Stage ref={stageRef} width={width} height={height} x={live.current.x} y={live.current.y} scaleX={live.current.scale} scaleY={live.current.scale} {...gestures.handlers}>
      <Layer ref={notesLayerRef}>
        <LanesLayer columns={data.columns} projector={projector} height={laneHeight} lang={lang} />
        <FramesLayer
          frames={frames}
          projector={projector}
          interactive={props.diagram && props.canMove}
          onDragging={onFrameDragging}
          onMove={onFrameMove}
          onResize={onFrameResize}
          onSelect={onFrameSelect}
        />
        <ConnectorsLayer
          connectors={data.connectors}
          rects={rects}
          remoteOffsets={remoteOffsets}
          bus={bus.current}
          selected={props.selectedConnector}
          projector={projector}
          interactive={props.diagram}
          onSelect={props.onConnectorSelect}
        />
        <NotesPainter notes={data.notes} categories={catById} mounted={mounted} view={live} width={width} height={height} />
        {shown.map((n) => {
          const cat = catById.get(n.category);
          const off = offsetOf(n);
          const own = props.myDots[n.id] ?? 0;
          const total = Object.values(n.votes).reduce((s, v) => s + v, 0);
          const showTotal = vote.revealed;
          return (
            <NoteShape
              key={n.id}
              id={n.id}
              x={n.x + (off?.dx ?? 0)}
              y={n.y + (off?.dy ?? 0)}
              text={n.id === props.editingId ? '' : n.text}
              color={safeColor(cat?.color, '#bdbdbd')}
              icon={n.restricted ? '🔒' : (cat?.icon ?? '💬')}
              author={`${n.authorName ? n.authorName + '・' : ''}${participantKindLabel(n.authorRole, lang)}`}
              roleColor={colorForKind(n.authorRole)}
              selected={selection.has(n.id)}
              draggable={props.canMove && n.id !== props.editingId}
              restricted={n.restricted}
              dots={showTotal ? total : projector ? 0 : own}
              dotsAreTotal={showTotal}
              projector={projector}
              cacheRatio={cacheRatio}
              lod={lod}
              onDragStart={drag.onDragStart}
              onDragMove={drag.onDragMove}
              onDragEnd={drag.onDragEnd}
              onPointer={onPointer}
              onOpen={onOpen}
              onClick={onClick}
            />
          );
        })}
        {props.offers && <OfferBadges notes={shown} matches={props.offers} projector={projector} />}
        <LiftBadges doc={props.doc} notes={shown} projector={projector} />
        {props.actionSources && <ActionBadges notes={shown} sources={props.actionSources} projector={projector} lang={lang} />}
        {props.diagram && props.onConnect && selection.size === 1 && !props.editingId && byId.get([...selection][0]!) && !byId.get([...selection][0]!)!.restricted && (
          <ConnectHandle
            note={byId.get([...selection][0]!)!}
            scale={view.scale}
            endAt={(x, y) => endAtPoint(x, y, data.notes.filter((n) => !n.restricted), frames)}
            onConnect={props.onConnect}
          />
        )}
        {gestures.marquee && (
          <Rect {...gestures.marquee} width={gestures.marquee.w} height={gestures.marquee.h} stroke="#1565c0" dash={[8, 6]} strokeWidth={2 / view.scale} fill="rgba(21,101,192,0.08)" listening={false} />
        )}
        {!projector && <PresenceLayer peers={peers} scale={view.scale} />}
      </Layer>
    </Stage>
  );
}
