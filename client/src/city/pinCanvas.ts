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
/** Spherical Mercator's latitude limit (L.Projection.SphericalMercator.MAX_LATITUDE). */
const MAX_LAT = 85.0511287798;

/**
 * Every pin of the city map on ONE canvas (issue 14: 30 workshops × 300 pins). Leaflet's own
 * circle markers cost a layer object, a path and events each (≈ 1 s to add 9,000); here the
 * pins are projected once to zoom-0 pixels, and a redraw — only when the view settles
 * (moveend, zoomend, resize), never while panning: the canvas moves with the map pane — scales
 * them, culls to the view and copies each pin's dot (a circle drawn once per colour) into one
 * ImageData, which the canvas takes in one putImageData: 9,000 arcs filled and stroked as
 * paths cost the browser ≈ 300 ms to rasterise on a laptop without GPU, 9,000 drawImage
 * calls ≈ 140 ms, the copy ≈ 20 ms. From LABEL_ZOOM on, the names of the
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
  private labelPx = 14;
  private origin = L.point(0, 0);
  /** The view the canvas was last drawn for (zoom, origin, size, radius): '' after new pins. */
  private viewKey = '';
  /** The last redraw's pixels (and the same bytes as 32-bit words), reused while the canvas keeps its size. */
  private img: { image: ImageData; px32: Uint32Array } | null = null;
  /** How many pins and labels the last redraw drew. */
  drawn = { pins: 0, labels: 0 };
  onDrawn: (() => void) | null = null;

  setPins(pins: CanvasPin[], radius: number, labelPx: number): this {
    this.pins = pins;
    this.radius = radius;
    this.labelPx = labelPx;
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
    this.viewKey = '';
    const mercator = map.options.crs === L.CRS.EPSG3857;
    for (let i = 0; i < this.pins.length; i++) {
      const p = this.pins[i]!;
      if (mercator) {
        // L.CRS.EPSG3857's project at zoom 0 (256 px), without a Point per pin
        const sin = Math.sin((Math.max(-MAX_LAT, Math.min(MAX_LAT, p.lat)) * Math.PI) / 180);
        this.xy[i * 2] = 256 * (p.lng / 360 + 0.5);
        this.xy[i * 2 + 1] = 256 * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
      } else {
        const pt = map.project([p.lat, p.lng], 0);
        this.xy[i * 2] = pt.x;
        this.xy[i * 2 + 1] = pt.y;
      }
    }
  }

  /** One dot per colour, radius and pixel ratio: a filled circle with a white ring, as pixels. */
  private dots = new Map<string, Dot>();
  private dot(color: string, r: number, dpr: number): Dot {
    const key = `${color} ${r} ${dpr}`;
    let d = this.dots.get(key);
    if (d) return d;
    const half = Math.ceil((r + 1.5) * dpr);
    const size = half * 2 + 1;
    const c = document.createElement('canvas');
    c.width = c.height = size;
    const g = c.getContext('2d')!;
    g.setTransform(dpr, 0, 0, dpr, half + 0.5, half + 0.5);
    g.beginPath();
    g.arc(0, 0, r, 0, Math.PI * 2);
    g.fillStyle = color;
    g.fill();
    g.lineWidth = 1.5;
    g.strokeStyle = '#ffffff';
    g.stroke();
    const data = g.getImageData(0, 0, size, size).data;
    const opaque: number[] = [];
    const partial: number[] = [];
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) {
        const k = (dy * size + dx) * 4;
        const a = data[k + 3]!;
        if (a === 255) opaque.push(dx, dy, (data[k]! | (data[k + 1]! << 8) | (data[k + 2]! << 16) | (255 << 24)) >>> 0);
        else if (a > 0) partial.push(dx, dy, data[k]!, data[k + 1]!, data[k + 2]!, a);
      }
    d = { size, half, opaque: Uint32Array.from(opaque), partial: Uint32Array.from(partial) };
    this.dots.set(key, d);
    return d;
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
    const zoom = map.getZoom();
    const s = 2 ** zoom;
    const r = this.radius;
    const ox = this.origin.x;
    const oy = this.origin.y;
    // cull to the canvas; each pin's dot composited (source-over) into one ImageData. Leaflet
    // fires viewreset, zoomend and moveend for one change of view: the pixels are made once.
    const key = `${zoom} ${ox} ${oy} ${c.width} ${c.height} ${r}`;
    if (key === this.viewKey) return;
    this.viewKey = key;
    const cw = c.width;
    const ch = c.height;
    const inView: number[] = [];
    let img: { image: ImageData; px32: Uint32Array } | null = null;
    for (let i = 0; i < this.pins.length; i++) {
      const x = this.xy[i * 2]! * s - ox;
      const y = this.xy[i * 2 + 1]! * s - oy;
      if (x < -r || y < -r || x > w + r || y > h + r) continue;
      if (!img) {
        if (this.img?.image.width !== cw || this.img.image.height !== ch) {
          const image = ctx.createImageData(cw, ch);
          this.img = { image, px32: new Uint32Array(image.data.buffer, image.data.byteOffset, cw * ch) };
        }
        img = this.img;
        img.px32.fill(0);
      }
      inView.push(i);
      const dot = this.dot(this.pins[i]!.color, r, dpr);
      blend(img.image, img.px32, dot, Math.round(x * dpr) - dot.half, Math.round(y * dpr) - dot.half);
    }
    if (img) ctx.putImageData(img.image, 0, 0);
    else ctx.clearRect(0, 0, w, h);
    let labels = 0;
    if (zoom >= LABEL_ZOOM) {
      ctx.font = this.labelFont;
      ctx.textBaseline = 'middle';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 4;
      ctx.strokeStyle = 'rgba(255,255,255,0.95)';
      ctx.fillStyle = '#111';
      // a name only where it overlaps no name already placed (pins at one place, dense
      // streets): the names shown spread over the view instead of piling up
      const placed: number[] = [];
      const lineH = this.labelPx + 4;
      for (const i of inView) {
        if (labels >= LABEL_MAX) break;
        const text = this.pins[i]!.label;
        if (!text) continue;
        const x = this.xy[i * 2]! * s - ox + r + 4;
        const y = this.xy[i * 2 + 1]! * s - oy;
        if (x > w || y < 0 || y > h) continue;
        const x2 = x + ctx.measureText(text).width + 4;
        const y1 = y - lineH / 2;
        const y2 = y + lineH / 2;
        let free = true;
        for (let k = 0; k < placed.length && free; k += 4) free = x2 <= placed[k]! || x >= placed[k + 2]! || y2 <= placed[k + 1]! || y1 >= placed[k + 3]!;
        if (!free) continue;
        placed.push(x, y1, x2, y2);
        ctx.strokeText(text, x, y);
        ctx.fillText(text, x, y);
        labels++;
      }
    }
    this.drawn = { pins: inView.length, labels };
    this.onDrawn?.();
  };
}

/**
 * A dot's pixels and its centre's offset: `opaque` as (dx, dy, RGBA as one little-endian
 * 32-bit value) triples, `partial` (the anti-aliased rim) as (dx, dy, r, g, b, a).
 */
interface Dot {
  size: number;
  half: number;
  opaque: Uint32Array;
  partial: Uint32Array;
}

/** Composite `dot` (source-over, straight alpha) into `img` (`dst32`: its pixels as 32-bit words) with its top-left at (x0, y0). */
function blend(img: ImageData, dst32: Uint32Array, dot: Dot, x0: number, y0: number): void {
  const { width: w, height: h, data: dst } = img;
  const inside = x0 >= 0 && y0 >= 0 && x0 + dot.size <= w && y0 + dot.size <= h;
  const { opaque, partial } = dot;
  for (let k = 0; k < opaque.length; k += 3) {
    const x = x0 + opaque[k]!;
    const y = y0 + opaque[k + 1]!;
    if (!inside && (x < 0 || y < 0 || x >= w || y >= h)) continue;
    dst32[y * w + x] = opaque[k + 2]!;
  }
  for (let k = 0; k < partial.length; k += 6) {
    const x = x0 + partial[k]!;
    const y = y0 + partial[k + 1]!;
    if (!inside && (x < 0 || y < 0 || x >= w || y >= h)) continue;
    const di = (y * w + x) * 4;
    const sa = partial[k + 5]!;
    const da = dst[di + 3]!;
    if (da === 0) {
      dst[di] = partial[k + 2]!;
      dst[di + 1] = partial[k + 3]!;
      dst[di + 2] = partial[k + 4]!;
      dst[di + 3] = sa;
      continue;
    }
    // out = src·a + dst·da·(1−a), divided by the resulting alpha
    const a = sa / 255;
    const b = (da / 255) * (1 - a);
    const oa = a + b;
    dst[di] = (partial[k + 2]! * a + dst[di]! * b) / oa;
    dst[di + 1] = (partial[k + 3]! * a + dst[di + 1]! * b) / oa;
    dst[di + 2] = (partial[k + 4]! * a + dst[di + 2]! * b) / oa;
    dst[di + 3] = oa * 255;
  }
}
