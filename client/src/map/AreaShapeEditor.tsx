import { useMemo, useRef } from 'react';
import L from 'leaflet';
import { Marker, Pane, Polygon, useMap } from 'react-leaflet';
import type { Polygon as Ring } from '@tsunagu/shared';
import { insertVertex, midpoints, MIN_POINTS, moveVertex, removeVertex, roundPoint } from './ringEdit.js';
import './areaShape.css';

/**
 * Reshape the outline being edited: a handle on each corner (drag to move it; double-click or
 * Delete to remove it) and a smaller one in the middle of each edge (drag to add a corner
 * there). A drag only moves the handle and this editor's outline; the document is written
 * once, on drop, so a drag is one change for everyone (and one undo step) rather than a
 * stream of writes. `polygon` is the live ring from the document, so a remote change or our
 * own write re-places the handles.
 */
export interface AreaShapeEditorProps {
  polygon: Ring;
  selected: number | null;
  onSelect(i: number | null): void;
  onChange(polygon: Ring): void;
  titles: { vertex: string; midpoint: string };
}

/** Above the pins (600) so a corner under a pin can still be grabbed, below popups (700). */
const HANDLE_PANE = 'tg-area-handles';
/** Just above the area outlines (450) and below the pins. */
const OUTLINE_PANE = 'tg-area-edit';

const icons = new Map<string, L.DivIcon>();
/** The visible dot is smaller than the icon: the transparent rest is the grab area. */
function handleIcon(kind: 'vertex' | 'midpoint', i: number, selected: boolean): L.DivIcon {
  const key = `${kind}:${i}:${selected}`;
  let icon = icons.get(key);
  if (!icon) {
    const size = kind === 'vertex' ? 28 : 22;
    icon = L.divIcon({
      className: `tg-handle tg-handle-${kind}${selected ? ' tg-handle-selected' : ''}`,
      html: `<span class="tg-handle-dot" data-${kind}="${i}"></span>`,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    icons.set(key, icon);
  }
  return icon;
}

const dropPoint = (e: L.LeafletEvent) => {
  const ll = (e.target as L.Marker).getLatLng();
  return roundPoint(ll.lat, ll.lng);
};

export function AreaShapeEditor({ polygon, selected, onSelect, onChange, titles }: AreaShapeEditorProps) {
  const map = useMap();
  const outline = useRef<L.Polygon>(null);
  // the handlers read the ring at drop time: a remote change during the drag is kept
  const live = useRef(polygon);
  live.current = polygon;
  const mids = useMemo(() => midpoints(polygon), [polygon]);

  const preview = (ring: Ring) => outline.current?.setLatLngs(ring);
  // the edge handles next to a dragged corner would float at the old edge: hide them meanwhile
  const setDragging = (e: L.LeafletEvent, on: boolean) => {
    map.getPane(HANDLE_PANE)?.classList.toggle('tg-handles-dragging', on);
    (e.target as L.Marker).getElement()?.classList.toggle('tg-handle-active', on);
  };
  const remove = (i: number) => {
    if (live.current.length <= MIN_POINTS) return;
    onChange(removeVertex(live.current, i));
    onSelect(null);
  };

  return (
    <>
      <Pane name={OUTLINE_PANE} style={{ zIndex: 455 }}>
        <Polygon ref={outline} positions={polygon} interactive={false} pathOptions={{ color: '#e65100', weight: 3, dashArray: '6 4', fillOpacity: 0.08 }} />
      </Pane>
      <Pane name={HANDLE_PANE} style={{ zIndex: 620 }}>
        {mids.map((p, i) => (
          <Marker
            key={`m${i}`}
            position={p}
            draggable
            title={titles.midpoint}
            icon={handleIcon('midpoint', i, false)}
            eventHandlers={{
              dragstart: (e) => setDragging(e, true),
              drag: (e) => preview(insertVertex(live.current, i, dropPoint(e))),
              dragend: (e) => {
                setDragging(e, false);
                onChange(insertVertex(live.current, i, dropPoint(e)));
                onSelect(i + 1);
              },
            }}
          />
        ))}
        {polygon.map((p, i) => (
          <Marker
            key={`v${i}`}
            position={p}
            draggable
            title={titles.vertex}
            icon={handleIcon('vertex', i, selected === i)}
            eventHandlers={{
              click: (e) => {
                onSelect(i);
                // focused, so the Delete key reaches this handle (and not, say, the name field)
                (e.target as L.Marker).getElement()?.focus({ preventScroll: true });
              },
              dblclick: () => remove(i),
              keydown: (e) => {
                const key = (e as L.LeafletKeyboardEvent).originalEvent.key;
                if (key === 'Delete' || key === 'Backspace') remove(i);
              },
              dragstart: (e) => setDragging(e, true),
              drag: (e) => preview(moveVertex(live.current, i, dropPoint(e))),
              dragend: (e) => {
                setDragging(e, false);
                onChange(moveVertex(live.current, i, dropPoint(e)));
              },
            }}
          />
        ))}
      </Pane>
    </>
  );
}
