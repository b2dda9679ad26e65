import { memo } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { LANE_HEADER, LANE_WIDTH, localLabel, safeColor, type Column, type Lang } from '@tsunagu/shared';

export const LANE_HEIGHT = 4000;
/** The gap to the next lane: a lane is drawn LANE_WIDTH - LANE_GAP wide. */
export const LANE_GAP = 12;

/**
 * The lanes (not listening; drawn in the board's single layer: in software rendering every
 * extra full-size canvas costs a copy and a blend on every frame). Frames: FramesLayer.
 */
export const LanesLayer = memo(function LanesLayer({ columns, projector, height = LANE_HEIGHT, lang = 'ja' }: { columns: readonly Column[]; projector: boolean; height?: number; lang?: Lang }) {
  return (
    <Group listening={false}>
      {columns.map((c, i) => (
        <Group key={c.id} x={i * LANE_WIDTH}>
          <Rect width={LANE_WIDTH - LANE_GAP} height={height} fill={safeColor(c.color, '#eceff1')} stroke="#b0bec5" strokeWidth={1} cornerRadius={10} perfectDrawEnabled={false} />
          <Rect width={LANE_WIDTH - LANE_GAP} height={LANE_HEADER} fill="rgba(255,255,255,0.75)" cornerRadius={[10, 10, 0, 0]} perfectDrawEnabled={false} />
          <Text
            x={14}
            y={14}
            width={LANE_WIDTH - 40}
            height={LANE_HEADER - 20}
            text={localLabel('column', c, lang)}
            fontSize={projector ? 34 : 30}
            fontStyle="bold"
            fill="#1a1a1a"
            verticalAlign="middle"
            wrap="none"
            ellipsis
          />
        </Group>
      ))}
    </Group>
  );
});
