import { Group, Line, Rect, Text } from 'react-konva';
import type { Peer } from './usePresence.js';
import { safeColor } from '@tsunagu/shared';

/** Other people's cursors with their names, in their role colour; constant size on screen. */
export function PresenceLayer({ peers, scale }: { peers: readonly Peer[]; scale: number }) {
  const k = 1 / scale;
  return (
    <Group listening={false}>
      {peers.map(({ clientId, state }) =>
        state.cursor && state.user ? (
          <Group key={clientId} x={state.cursor.x} y={state.cursor.y} scaleX={k} scaleY={k}>
            <Line points={[0, 0, 0, 22, 6, 17, 10, 26, 14, 24, 10, 15, 18, 15]} closed fill={safeColor(state.user.color)} stroke="#fff" strokeWidth={1.5} />
            <Rect x={14} y={22} width={Math.max(40, [...state.user.name].length * 15 + 14)} height={26} fill={safeColor(state.user.color)} cornerRadius={6} />
            <Text x={21} y={27} text={state.user.name} fontSize={15} fontStyle="bold" fill="#fff" />
          </Group>
        ) : null,
      )}
    </Group>
  );
}
