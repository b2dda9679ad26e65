import { memo } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { LANE_HEADER, LANE_WIDTH, localLabel, safeColor, type Column, type Group as NoteGroup, type Lang } from '@tsunagu/shared';

export const LANE_HEIGHT = 4000;
/** The gap to the next lane: a lane is drawn LANE_WIDTH - LANE_GAP wide. */
export const LANE_GAP = 12;

/**
 * The lanes (not listening; drawn in the board's single layer: in software rendering every
 * extra full-size canvas costs a copy and a blend on every frame) and group frames.
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

export interface GroupFrame {
  group: NoteGroup;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Named frames around grouped notes. */
export const GroupFrames = memo(function GroupFrames({ frames }: { frames: readonly GroupFrame[] }) {
  return (
    <>
      {frames.map((f) => (
        <Group key={f.group.id} x={f.x} y={f.y} listening={false}>
          <Rect width={f.w} height={f.h} stroke="#6a1b9a" strokeWidth={3} dash={[10, 6]} cornerRadius={12} fill="rgba(106,27,154,0.05)" />
          <Text x={8} y={-26} text={`▣ ${f.group.name}`} fontSize={20} fontStyle="bold" fill="#6a1b9a" />
        </Group>
      ))}
    </>
  );
});
