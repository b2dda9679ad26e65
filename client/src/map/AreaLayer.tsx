import { Fragment } from 'react';
import { Pane, Polygon, Tooltip } from 'react-leaflet';
import type { Area } from '@tsunagu/shared';

/**
 * 自治会 / 小学校区 outlines. The 小学校区 is a thick dashed line, 自治会 thinner; the area
 * chosen in the filter is filled and the others fade.
 */
const STYLE = {
  gakku: { color: '#283593', weight: 4, dashArray: '10 6' },
  jichikai: { color: '#6a1b9a', weight: 2.5, dashArray: undefined },
  other: { color: '#455a64', weight: 2, dashArray: '4 4' },
} as const;

export function AreaLayer({
  areas,
  focusId,
  big,
  onPick,
}: {
  areas: readonly Area[];
  focusId: string | null;
  big: boolean;
  onPick?: ((area: Area) => void) | undefined;
}) {
  return (
    // labels sit in their own pane below the markers, so a name never hides a pin
    <Pane name="tg-area-labels" style={{ zIndex: 450 }}>
      {areas.map((a) => {
        const s = STYLE[a.kind];
        const focused = focusId === a.id;
        const faded = focusId !== null && !focused;
        return (
          <Fragment key={a.id}>
            <Polygon
              positions={a.polygon}
              className={`tg-area tg-area-${a.kind}`}
              pathOptions={{
                color: s.color,
                weight: s.weight + (big ? 2 : 0) + (focused ? 1.5 : 0),
                dashArray: s.dashArray,
                opacity: faded ? 0.35 : 0.9,
                fillOpacity: focused ? 0.12 : 0.03,
              }}
              eventHandlers={onPick ? { click: () => onPick(a) } : {}}
              bubblingMouseEvents
            >
              <Tooltip pane="tg-area-labels" direction="center" permanent={a.kind !== 'gakku' || areas.length === 1} className="tg-area-label">
                {a.name}
              </Tooltip>
            </Polygon>
          </Fragment>
        );
      })}
    </Pane>
  );
}
