import { useCallback, useEffect, useRef, useState } from 'react';
import type Konva from 'konva';
import { toBoard, zoomAt, type Rect, type View } from './viewport.js';

/**
 * Gestures on the empty board: drag to pan, Shift+drag to select with a marquee, wheel to
 * zoom at the pointer (Shift+wheel pans), two-finger pinch to zoom, double-click/tap to
 * create a note, and the cursor position for presence.
 *
 * Pan and zoom do not go through React while the gesture runs: each step is shown at once
 * with `preview` (the canvas is moved/scaled as drawn, no re-render, no re-culling) and the
 * view is committed to React state once the gesture settles (pointer up, the last finger
 * lifted, or SETTLE_MS after the last wheel event), which re-culls and re-rasterises.
 */
export const SETTLE_MS = 120;
/** Two taps or clicks on the empty board this close in time (ms) and place (px): a double tap. */
const DOUBLE_MS = 400;
const DOUBLE_PX = 24;
/** Mouse events this soon (ms) after a touch are the browser's compatibility events for it. */
const COMPAT_MS = 800;

export interface GestureDeps {
  /** The view as shown right now (mid-gesture: the previewed one). */
  getView(): View;
  /** Show `v` at once, without a React render. */
  preview(v: View): void;
  /** Commit a view to React state (re-culls, redraws properly). */
  setView(update: (v: View) => View): void;
  onMarquee(rect: Rect, additive: boolean): void;
  /** A click on the empty board (no drag), with its board point. */
  onBackgroundClick(at: { x: number; y: number } | null): void;
  onCreateAt(x: number, y: number): void;
  onCursor(p: { x: number; y: number } | null): void;
}

/** Two fingers down: their distance and centre (canvas coordinates); null otherwise. */
function fingers(e: Konva.KonvaEventObject<TouchEvent>): { dist: number; cx: number; cy: number } | null {
  const t = e.evt.touches;
  if (t.length !== 2) return null;
  const rect = (e.target.getStage()?.container() ?? document.body).getBoundingClientRect();
  const a = t[0]!;
  const b = t[1]!;
  return { dist: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), cx: (a.clientX + b.clientX) / 2 - rect.left, cy: (a.clientY + b.clientY) / 2 - rect.top };
}

export function useStageGestures(depsIn: GestureDeps) {
  const deps = useRef(depsIn);
  deps.current = depsIn;
  // sx/sy: the last pointer position (each move pans by the step); ox/oy: where it went down
  const pan = useRef<{ sx: number; sy: number; ox: number; oy: number; moved: boolean } | null>(null);
  const pinch = useRef<{ dist: number; cx: number; cy: number } | null>(null);
  const [marquee, setMarquee] = useState<Rect | null>(null);
  // Double click/tap on the empty board, detected here rather than by Konva: Konva reports one
  // for any two quick releases on the stage (two quick pinches or pans created a note), and on
  // a touch screen for the taps and again for the browser's compatibility mouse events.
  const lastTap = useRef<{ t: number; x: number; y: number } | null>(null);
  const lastTouch = useRef(-Infinity);
  const isCompatMouse = (e: Konva.KonvaEventObject<Event>) => e.evt.type.startsWith('mouse') && performance.now() - lastTouch.current < COMPAT_MS;
  const marqueeStart = useRef<{ x: number; y: number } | null>(null);

  const pointer = (e: Konva.KonvaEventObject<Event>) => e.target.getStage()?.getPointerPosition() ?? null;

  // the view being previewed by a gesture in flight (null: none), and the settle timer
  const moving = useRef<View | null>(null);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const settle = useCallback(() => {
    if (settleTimer.current) clearTimeout(settleTimer.current);
    settleTimer.current = null;
    const v = moving.current;
    moving.current = null;
    if (v) deps.current.setView(() => v);
  }, []);
  const move = useCallback((update: (v: View) => View, settleAfterMs?: number) => {
    const v = update(moving.current ?? deps.current.getView());
    moving.current = v;
    deps.current.preview(v);
    if (settleAfterMs !== undefined) {
      if (settleTimer.current) clearTimeout(settleTimer.current);
      settleTimer.current = setTimeout(settle, settleAfterMs);
    }
  }, [settle]);
  useEffect(() => () => {
    if (settleTimer.current) clearTimeout(settleTimer.current);
  }, []);

  const onMouseDown = useCallback((e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (e.target !== e.target.getStage() || isCompatMouse(e)) return;
    const p = pointer(e);
    if (!p) return;
    const shift = 'shiftKey' in e.evt && e.evt.shiftKey;
    if (shift) {
      marqueeStart.current = toBoard(deps.current.getView(), p.x, p.y);
      setMarquee({ ...marqueeStart.current, w: 0, h: 0 });
    } else pan.current = { sx: p.x, sy: p.y, ox: p.x, oy: p.y, moved: false };
  }, []);

  const onMouseMove = useCallback((e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    const p = pointer(e);
    if (!p) return;
    const b = toBoard(deps.current.getView(), p.x, p.y);
    deps.current.onCursor(b);
    if (marqueeStart.current) {
      const s = marqueeStart.current;
      setMarquee({ x: Math.min(s.x, b.x), y: Math.min(s.y, b.y), w: Math.abs(b.x - s.x), h: Math.abs(b.y - s.y) });
    } else if (pan.current) {
      const dx = p.x - pan.current.sx;
      const dy = p.y - pan.current.sy;
      // moved: measured from where it went down, so a slow drag is not a click either
      if (Math.abs(p.x - pan.current.ox) + Math.abs(p.y - pan.current.oy) > 3) pan.current.moved = true;
      pan.current.sx = p.x;
      pan.current.sy = p.y;
      move((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    }
  }, [move]);

  const onMouseUp = useCallback((e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (isCompatMouse(e)) return;
    const tapped = !!pan.current && !pan.current.moved && !marqueeStart.current;
    if (marqueeStart.current) {
      const s = marqueeStart.current;
      const p = pointer(e);
      marqueeStart.current = null;
      setMarquee(null);
      if (p) {
        const b = toBoard(deps.current.getView(), p.x, p.y);
        deps.current.onMarquee({ x: Math.min(s.x, b.x), y: Math.min(s.y, b.y), w: Math.abs(b.x - s.x), h: Math.abs(b.y - s.y) }, true);
      }
    } else if (tapped) {
      const p = pointer(e);
      const at = p ? toBoard(deps.current.getView(), p.x, p.y) : null;
      deps.current.onBackgroundClick(at);
      const prev = lastTap.current;
      const now = performance.now();
      if (p && at && prev && now - prev.t < DOUBLE_MS && Math.hypot(p.x - prev.x, p.y - prev.y) < DOUBLE_PX) {
        lastTap.current = null;
        // no compatibility mouse events after this tap: they would land on the new note's
        // editor or the selection bar and could take the focus from the editor
        if (e.evt.type === 'touchend' && e.evt.cancelable) e.evt.preventDefault();
        deps.current.onCreateAt(at.x, at.y);
      } else lastTap.current = p ? { t: now, x: p.x, y: p.y } : null;
    }
    if (!tapped) lastTap.current = null;
    pan.current = null;
    if (!pinch.current) settle();
  }, [settle]);

  const onWheel = useCallback((e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const p = pointer(e);
    if (!p) return;
    const { deltaX, deltaY, shiftKey, ctrlKey } = e.evt;
    if (shiftKey && !ctrlKey) {
      move((v) => ({ ...v, x: v.x - (deltaX || deltaY), y: v.y }), SETTLE_MS);
      return;
    }
    const factor = Math.exp(-deltaY * (ctrlKey ? 0.01 : 0.0015));
    move((v) => zoomAt(v, factor, p.x, p.y), SETTLE_MS);
  }, [move]);

  // the pinch starts where the second finger lands (not at the first move, which would lose
  // the fingers' first step: the board would no longer follow them)
  const onTouchStart = useCallback((e: Konva.KonvaEventObject<TouchEvent>) => {
    lastTouch.current = performance.now();
    const f = fingers(e);
    if (!f) return onMouseDown(e);
    pan.current = null;
    pinch.current = f;
  }, [onMouseDown]);

  const onTouchMove = useCallback((e: Konva.KonvaEventObject<TouchEvent>) => {
    const f = fingers(e);
    if (!f) return onMouseMove(e);
    e.evt.preventDefault();
    pan.current = null;
    const { dist, cx, cy } = f;
    const prev = pinch.current;
    pinch.current = f;
    if (!prev) return;
    move((v) => {
      const z = zoomAt(v, dist / prev.dist, cx, cy);
      return { ...z, x: z.x + cx - prev.cx, y: z.y + cy - prev.cy };
    });
  }, [onMouseMove, move]);

  const onTouchEnd = useCallback((e: Konva.KonvaEventObject<TouchEvent>) => {
    lastTouch.current = performance.now();
    if (e.evt.touches.length < 2) pinch.current = null;
    if (e.evt.touches.length === 0) onMouseUp(e);
  }, [onMouseUp]);

  const onMouseLeave = useCallback(() => deps.current.onCursor(null), []);
  // a drag-pan released outside the canvas ends there too (after the stage's own handlers ran);
  // not for touches: their touchend always reaches the stage, and may come after this timer.
  // Input goes before timers: the next drag may have begun by then, and keeps its pan.
  useEffect(() => {
    const up = (e: PointerEvent) => {
      if (e.pointerType === 'touch') return;
      const ending = pan.current;
      setTimeout(() => {
        if (pinch.current || pan.current !== ending) return;
        pan.current = null;
        if (moving.current && !settleTimer.current) settle();
      }, 0);
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, [settle]);

  return {
    marquee,
    handlers: {
      onMouseDown,
      onMouseMove,
      onMouseUp,
      onWheel,
      onTouchStart,
      onTouchMove,
      onTouchEnd,
      onMouseLeave,
    },
  };
}
