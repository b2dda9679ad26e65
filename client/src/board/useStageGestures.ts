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

export function useStageGestures(depsIn: GestureDeps) {
  const deps = useRef(depsIn);
  deps.current = depsIn;
  const pan = useRef<{ sx: number; sy: number; moved: boolean } | null>(null);
  const pinch = useRef<{ dist: number; cx: number; cy: number } | null>(null);
  const [marquee, setMarquee] = useState<Rect | null>(null);
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
    if (e.target !== e.target.getStage()) return;
    const p = pointer(e);
    if (!p) return;
    const shift = 'shiftKey' in e.evt && e.evt.shiftKey;
    if (shift) {
      marqueeStart.current = toBoard(deps.current.getView(), p.x, p.y);
      setMarquee({ ...marqueeStart.current, w: 0, h: 0 });
    } else pan.current = { sx: p.x, sy: p.y, moved: false };
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
      if (Math.abs(dx) + Math.abs(dy) > 2) pan.current.moved = true;
      pan.current.sx = p.x;
      pan.current.sy = p.y;
      move((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    }
  }, [move]);

  const onMouseUp = useCallback((e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (marqueeStart.current) {
      const s = marqueeStart.current;
      const p = pointer(e);
      marqueeStart.current = null;
      setMarquee(null);
      if (p) {
        const b = toBoard(deps.current.getView(), p.x, p.y);
        deps.current.onMarquee({ x: Math.min(s.x, b.x), y: Math.min(s.y, b.y), w: Math.abs(b.x - s.x), h: Math.abs(b.y - s.y) }, true);
      }
    } else if (pan.current && !pan.current.moved) {
      const p = pointer(e);
      deps.current.onBackgroundClick(p ? toBoard(deps.current.getView(), p.x, p.y) : null);
    }
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

  const onTouchMove = useCallback((e: Konva.KonvaEventObject<TouchEvent>) => {
    const t = e.evt.touches;
    if (t.length !== 2) return onMouseMove(e);
    e.evt.preventDefault();
    pan.current = null;
    const rect = (e.target.getStage()?.container() ?? document.body).getBoundingClientRect();
    const a = t[0]!;
    const b = t[1]!;
    const dist = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    const cx = (a.clientX + b.clientX) / 2 - rect.left;
    const cy = (a.clientY + b.clientY) / 2 - rect.top;
    const prev = pinch.current;
    pinch.current = { dist, cx, cy };
    if (!prev) return;
    move((v) => {
      const z = zoomAt(v, dist / prev.dist, cx, cy);
      return { ...z, x: z.x + cx - prev.cx, y: z.y + cy - prev.cy };
    });
  }, [onMouseMove, move]);

  const onTouchEnd = useCallback((e: Konva.KonvaEventObject<TouchEvent>) => {
    if (e.evt.touches.length < 2) pinch.current = null;
    if (e.evt.touches.length === 0) onMouseUp(e);
  }, [onMouseUp]);

  const onDblClick = useCallback((e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    if (e.target !== e.target.getStage()) return;
    const p = pointer(e);
    if (!p) return;
    const b = toBoard(deps.current.getView(), p.x, p.y);
    deps.current.onCreateAt(b.x, b.y);
  }, []);

  const onMouseLeave = useCallback(() => deps.current.onCursor(null), []);
  // a drag-pan released outside the canvas ends there too (after the stage's own handlers ran)
  useEffect(() => {
    const up = () =>
      setTimeout(() => {
        if (pinch.current) return;
        pan.current = null;
        if (moving.current && !settleTimer.current) settle();
      }, 0);
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
      onTouchStart: onMouseDown,
      onTouchMove,
      onTouchEnd,
      onDblClick,
      onDblTap: onDblClick,
      onMouseLeave,
    },
  };
}
