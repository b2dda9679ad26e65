import { useEffect } from 'react';
import type L from 'leaflet';
import { useMap } from 'react-leaflet';

type DraggableInternals = L.Evented & { _newPos?: L.Point };

/**
 * Keeps the map's compositor layers on whole device pixels.
 *
 * Without a usable GPU (hall laptops and projectors; headless Chromium with --disable-gpu)
 * the display compositor draws every layer in software on every pan frame. A layer at a
 * fractional screen position is drawn with filtering (resampled) instead of copied, which
 * measured about twice the cost per frame (projector, 2,000 pins: ~11 ms → ~5 ms). Two
 * sources of fractions are removed here:
 *  - the map's box: the board/map split and the header put it at e.g. x = 1152.4; it is
 *    shifted by the fraction (less than half a pixel, invisible);
 *  - the pan itself: Leaflet moves the map pane by the raw pointer offset, which is
 *    fractional for touch, for scaled displays and for synthetic events; each drag step is
 *    rounded to a device pixel (Leaflet's own panBy already rounds).
 */
export function PixelSnap() {
  const map = useMap();
  useEffect(() => {
    const el = map.getContainer();
    const snap = (v: number) => {
      const r = window.devicePixelRatio || 1;
      return Math.round(v * r) / r;
    };
    let dx = 0;
    let dy = 0;
    const align = () => {
      const box = el.getBoundingClientRect();
      const x = box.left - dx;
      const y = box.top - dy;
      const nx = snap(x) - x;
      const ny = snap(y) - y;
      if (Math.abs(nx - dx) < 0.001 && Math.abs(ny - dy) < 0.001) return;
      dx = nx;
      dy = ny;
      // left/top, not a transform: a fractional transform would add its own fraction to
      // the layers' offsets instead of cancelling the layout's
      el.style.left = `${dx}px`;
      el.style.right = `${-dx}px`;
      el.style.top = `${dy}px`;
      el.style.bottom = `${-dy}px`;
    };
    const roundStep = function (this: DraggableInternals) {
      const p = this._newPos;
      if (p) {
        p.x = snap(p.x);
        p.y = snap(p.y);
      }
    };
    let hooked: DraggableInternals | undefined;
    const hook = () => {
      const d = (map.dragging as unknown as { _draggable?: DraggableInternals } | undefined)?._draggable;
      if (!d || d === hooked) return;
      hooked?.off('predrag', roundStep);
      d.on('predrag', roundStep);
      hooked = d;
    };
    const onDragStart = () => {
      hook();
      align();
    };
    align();
    hook();
    const ro = new ResizeObserver(align);
    ro.observe(el);
    window.addEventListener('resize', align);
    map.on('dragstart', onDragStart);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', align);
      map.off('dragstart', onDragStart);
      hooked?.off('predrag', roundStep);
      for (const side of ['left', 'right', 'top', 'bottom'] as const) el.style[side] = '';
    };
  }, [map]);
  return null;
}
