import L from 'leaflet';

/** One pin as the canvas layer draws it. */
export interface CanvasPin {
  /** What the pin stands for (handed back by pinAt). */
  pin?: unknown;
  lat: number;
  lng: number;
  color: string;
  label: string;
}

/** Labels drawn beside the pins at and above this zoom, at most LABEL_MAX per view. */
export const LABEL_ZOOM = 16;
const LABEL_MAX = 200;

/**
 * Every pin of the city map on ONE canvas (issue 14: 30 workshops × 300 pins). Leaflet's own
 * circle markers cost a layer object, a path and events each (≈ 1 s to add 9,000); here the
 * pins are projected once to zoom-0 pixels, and a redraw — only when the view settles
 * (moveend, zoomend, resize), never while panning: the canvas moves with the map pane — scales
 * them, culls to the view and fills one path per colour. From LABEL_ZOOM on, the names of the
 * pins in view are drawn on the same canvas (a white halo for the tiles beneath), so panning
 * moves one bitmap whatever is shown. `pinAt` finds the pin under a click.
 */
export class PinCanvasLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private pins: CanvasPin[] = [];
  /** Zoom-0 projected x, y of each pin. */
  private xy = new Float64Array(0);
  private radius = 6;
  private labelFont = '700 14px sans-serif';
  private origin = L.point(0, 0);
  /** How many pins and labels the last redraw drew. */
  drawn = { pins: 0, labels: 0 };
  onDrawn: (() => void) | null = null;

  setPins(pins: CanvasPin[], radius: number, labelPx: number): this {
    this.pins = pins;
    this.radius = radius;
    this.labelFont = `700 ${labelPx}px 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif`;
    this.project();
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    const c = L.DomUtil.create('canvas', 'city-pin-canvas leaflet-zoom-hide') as HTMLCanvasElement;
    c.style.position = 'absolute';
    c.style.pointerEvents = 'none';
    this.canvas = c;
    map.getPane('overlayPane')!.appendChild(c);
    this.project();
    this.redraw();
    return this;
  }

  override onRemove(): this {
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return { moveend: this.redraw, zoomend: this.redraw, viewreset: this.redraw, resize: this.redraw };
  }

  private project(): void {
    const map = this._map as L.Map | undefined;
    if (!map) return;
    this.xy = new Float64Array(this.pins.length * 2);
    this.pins.forEach((p, i) => {
      const pt = map.project([p.lat, p.lng], 0);
      this.xy[i * 2] = pt.x;
      this.xy[i * 2 + 1] = pt.y;
    });
  }

  /** The pin within its radius (plus a finger's slack) of a container point, or null. */
  pinAt(containerPt: L.Point): CanvasPin | null {
    const map = this._map as L.Map | undefined;
    if (!map) return null;
    const s = 2 ** map.getZoom();
    const px = map.containerPointToLayerPoint(containerPt).add(map.getPixelOrigin());
    const r = this.radius + 4;
    let best = -1;
    let bestD = r * r;
    for (let i = 0; i < this.pins.length; i++) {
      const dx = this.xy[i * 2]! * s - px.x;
      const dy = this.xy[i * 2 + 1]! * s - px.y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best >= 0 ? this.pins[best]! : null;
  }

  redraw = (): void => {
    const map = this._map as L.Map | undefined;
    const c = this.canvas;
    if (!map || !c) return;
    const size = map.getSize();
    // a margin around the view, so a short pan shows drawn pins before the redraw
    const pad = size.multiplyBy(0.15).round();
    const topLeft = map.containerPointToLayerPoint([-pad.x, -pad.y]);
    const w = size.x + pad.x * 2;
    const h = size.y + pad.y * 2;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    L.DomUtil.setPosition(c, topLeft);
    this.origin = map.getPixelOrigin().add(topLeft);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const zoom = map.getZoom();
    const s = 2 ** zoom;
    const r = this.radius;
    const ox = this.origin.x;
    const oy = this.origin.y;
    // cull to the canvas, group by colour: one path, one fill and one stroke per colour
    const byColor = new Map<string, number[]>();
    const inView: number[] = [];
    for (let i = 0; i < this.pins.length; i++) {
      const x = this.xy[i * 2]! * s - ox;
      const y = this.xy[i * 2 + 1]! * s - oy;
      if (x < -r || y < -r || x > w + r || y > h + r) continue;
      const color = this.pins[i]!.color;
      let list = byColor.get(color);
      if (!list) byColor.set(color, (list = []));
      list.push(x, y);
      inView.push(i);
    }
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    for (const [color, pts] of byColor) {
      ctx.beginPath();
      for (let k = 0; k < pts.length; k += 2) {
        ctx.moveTo(pts[k]! + r, pts[k + 1]!);
        ctx.arc(pts[k]!, pts[k + 1]!, r, 0, Math.PI * 2);
      }
      ctx.fillStyle = color;
      ctx.fill();
      ctx.stroke();
    }
    let labels = 0;
    if (zoom >= LABEL_ZOOM) {
      ctx.font = this.labelFont;
      ctx.textBaseline = 'middle';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 4;
      ctx.strokeStyle = 'rgba(255,255,255,0.95)';
      ctx.fillStyle = '#111';
      for (const i of inView) {
        if (labels >= LABEL_MAX) break;
        const x = this.xy[i * 2]! * s - ox + r + 4;
        const y = this.xy[i * 2 + 1]! * s - oy;
        const text = this.pins[i]!.label;
        if (!text) continue;
        ctx.strokeText(text, x, y);
        ctx.fillText(text, x, y);
        labels++;
      }
    }
    this.drawn = { pins: inView.length, labels };
    this.onDrawn?.();
  };
}
