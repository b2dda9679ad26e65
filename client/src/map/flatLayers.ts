import L from 'leaflet';

/**
 * Pins, clusters and base-map tiles placed without Leaflet's `translate3d(…)`.
 *
 * A 3D transform is a compositing reason in Chromium, so with Leaflet's default every pin,
 * cluster and tile is its own compositor layer (~135 layers on a laptop at the workshop
 * zoom with 2,000 pins). Without a usable GPU (hall laptops and projectors; headless
 * Chromium with --disable-gpu) every pan frame then re-layerizes, commits and software-draws
 * all of them: measured ~11 ms of display-compositor time per frame for the map alone.
 * Flat, the tiles are painted into one layer and the markers into their pane's layer (the
 * panes have `will-change: transform` in map.css); Chromium still keeps groups of distant
 * markers as separate layers (it does not merge far-apart paint into one sparse layer), so
 * a pan moves ~30 layers instead of ~135: ~5 ms per frame. They are re-rastered only when
 * the view settles and markers or tiles change (moveend).
 */
type Pos = { x: number; y: number };
type MarkerInternals = L.Marker & { _icon?: HTMLElement | null; _setPos(pos: L.Point): void };

const translate = (p: Pos) => `translate(${p.x}px,${p.y}px)`;

const base = L.Marker.prototype as unknown as MarkerInternals & {
  initialize(latlng: L.LatLngExpression, options?: L.MarkerOptions): void;
};

/**
 * A marker that Leaflet positions as usual (`_leaflet_pos`, shadow, z-index) but with
 * `left`/`top` and no transform, so it is no compositing layer of its own. A dragged pin
 * goes back to Leaflet's translate3d for the drag (Leaflet's Draggable moves it that way;
 * left/top are cleared so the two do not add up); the next position update flattens it.
 */
const FlatMarker = L.Marker.extend({
  initialize(this: MarkerInternals, latlng: L.LatLngExpression, options?: L.MarkerOptions) {
    base.initialize.call(this, latlng, options);
    this.on('dragstart', () => {
      const icon = this._icon as (HTMLElement & { _leaflet_pos?: L.Point }) | null | undefined;
      if (!icon?._leaflet_pos) return;
      icon.style.left = '';
      icon.style.top = '';
      L.DomUtil.setPosition(icon, icon._leaflet_pos);
    });
  },
  _setPos(this: MarkerInternals, pos: L.Point) {
    base._setPos.call(this, pos);
    const icon = this._icon;
    if (!icon) return;
    icon.style.transform = '';
    icon.style.left = `${pos.x}px`;
    icon.style.top = `${pos.y}px`;
  },
}) as unknown as typeof L.Marker;

export function flatMarker(latlng: L.LatLngExpression, options?: L.MarkerOptions): L.Marker {
  return new FlatMarker(latlng, options);
}

/**
 * For a tile layer's `tileloadstart` event (fired right after Leaflet positions the new
 * tile): the same position as a 2D transform (tiles are dense, so Chromium paints them
 * into one layer). Leaflet never moves a tile afterwards; zoom
 * and pan transform the tile pane and level containers, not the tiles.
 */
export function flattenTile(e: L.TileEvent): void {
  const pos = (e.tile as HTMLElement & { _leaflet_pos?: Pos })._leaflet_pos;
  if (pos) e.tile.style.transform = translate(pos);
}
