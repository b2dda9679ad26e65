import type Konva from 'konva';

/**
 * Rasterising a note into its bitmap cache costs about as much as drawing it a few times;
 * when a zoom reveals a hundred notes at once, doing them all in one frame drops frames.
 * This queue caches at most a few milliseconds' worth of notes per animation frame
 * (uncached notes still draw correctly meanwhile, just slower).
 */
const queue = new Map<Konva.Group, number>();
let scheduled = false;
const BUDGET_MS = 6;

function run(): void {
  scheduled = false;
  const start = performance.now();
  for (const [g, ratio] of queue) {
    queue.delete(g);
    if (!g.getLayer()) continue;
    g.clearCache();
    if (ratio > 0) g.cache({ pixelRatio: ratio, offset: 4 });
    if (performance.now() - start > BUDGET_MS) break;
  }
  if (queue.size > 0) schedule();
  else for (const layer of layersToDraw) layer.batchDraw();
  if (queue.size === 0) layersToDraw.clear();
}

const layersToDraw = new Set<Konva.Layer>();

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
