import Konva from 'konva';
import { NOTE_HEIGHT, NOTE_WIDTH } from '@tsunagu/shared';

/**
 * Rasterising a note into its bitmap cache costs about as much as drawing it a few times;
 * when a zoom reveals a hundred notes at once, doing them all in one frame drops frames.
 * This queue caches at most a few milliseconds' worth of notes per animation frame
 * (uncached notes still draw correctly meanwhile, just slower). Caching does not redraw the
 * layer each time (Konva would, for every note): the layers are redrawn once the queue is empty,
 * so a board of uncached notes is not drawn again with all its text on every frame meanwhile.
 */
const queue = new Map<Konva.Group, number>();
let scheduled = false;
const BUDGET_MS = 6;

function run(): void {
  scheduled = false;
  const start = performance.now();
  const autoDraw = Konva.autoDrawEnabled;
  Konva.autoDrawEnabled = false;
  try {
    for (const [g, ratio] of queue) {
      queue.delete(g);
      if (!g.getLayer()) continue;
      rasterise(g, ratio);
      if (performance.now() - start > BUDGET_MS) break;
    }
  } finally {
    Konva.autoDrawEnabled = autoDraw;
  }
  if (queue.size > 0) schedule();
  else for (const layer of layersToDraw) layer.batchDraw();
  if (queue.size === 0) layersToDraw.clear();
}

const layersToDraw = new Set<Konva.Layer>();

function rasterise(g: Konva.Group, ratio: number): void {
  g.clearCache();
  // (bounds given: a note's size is known, Konva need not measure every child for it)
  if (ratio > 0) g.cache({ x: 0, y: 0, width: NOTE_WIDTH, height: NOTE_HEIGHT, pixelRatio: ratio, offset: 4 });
}

/**
 * Cache `g` at `ratio` right away (a note just mounted or changed: it is about to be drawn
 * anyway, and drawing it from its bitmap from the first frame on costs one text pass, not two).
 */
export function cacheNow(g: Konva.Group, ratio: number): void {
  queue.delete(g);
  rasterise(g, ratio);
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(run);
}

/** Cache `g` at `ratio` soon (0: drop its cache now). */
export function scheduleCache(g: Konva.Group, ratio: number): void {
  if (ratio <= 0) {
    queue.delete(g);
    g.clearCache();
    return;
  }
  const layer = g.getLayer();
  if (layer) layersToDraw.add(layer);
  queue.set(g, ratio);
  schedule();
}

export function cancelCache(g: Konva.Group): void {
  queue.delete(g);
}
