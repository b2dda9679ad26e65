/**
 * The board viewport (session state, local): board point (bx, by) appears on screen at
 * (bx·scale + x, by·scale + y) relative to the canvas' top-left corner.
 */
export interface View {
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 3;

export const clampScale = (s: number): number => Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));

export function toBoard(view: View, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale };
}

export function toScreen(view: View, bx: number, by: number): { x: number; y: number } {
  return { x: bx * view.scale + view.x, y: by * view.scale + view.y };
}

/** Zoom by `factor` keeping the screen point (sx, sy) fixed. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const scale = clampScale(view.scale * factor);
  const b = toBoard(view, sx, sy);
  return { scale, x: sx - b.x * scale, y: sy - b.y * scale };
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The board rectangle visible in a canvas of width × height, grown by `margin` of itself. */
export function visibleRect(view: View, width: number, height: number, margin = 0): Rect {
  const tl = toBoard(view, 0, 0);
  const w = width / view.scale;
  const h = height / view.scale;
  return { x: tl.x - w * margin, y: tl.y - h * margin, w: w * (1 + 2 * margin), h: h * (1 + 2 * margin) };
}

export const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A view that fits `content` into the canvas with some padding. */
export function fitView(content: Rect, width: number, height: number, pad = 40, maxScale = 1.6): View {
  const scale = clampScale(Math.min((width - 2 * pad) / Math.max(1, content.w), (height - 2 * pad) / Math.max(1, content.h), maxScale));
  return { scale, x: (width - content.w * scale) / 2 - content.x * scale, y: pad - content.y * scale };
}
