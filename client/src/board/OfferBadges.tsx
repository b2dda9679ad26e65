import { memo } from 'react';
import { Group, Label, Tag, Text } from 'react-konva';
import { ACTION_STATUS_LABELS, NOTE_WIDTH, type ActionStatus, type Lang, type Offer } from '@tsunagu/shared';
import type { BoardNote } from './useBoardData.js';

/**
 * ニーズとシーズ on the board: a 🤝 tag at the top right of a need that residents offered help
 * for (same category, same area), with the count. Drawn above the notes, not listening.
 */
export const OfferBadges = memo(function OfferBadges({ notes, matches, projector }: { notes: readonly BoardNote[]; matches: ReadonlyMap<string, Offer[]>; projector: boolean }) {
  if (matches.size === 0) return null;
  const fontSize = projector ? 26 : 20;
  return (
    <Group listening={false} name="offer-badges">
      {notes
        .filter((n) => matches.has(n.id))
        .map((n) => (
          <Label key={n.id} x={n.x + NOTE_WIDTH - 12} y={n.y - 16} name="offer-badge" offerCount={matches.get(n.id)!.length} noteId={n.id}>
            <Tag fill="#6a1b9a" cornerRadius={14} stroke="#ffffff" strokeWidth={2} />
            <Text text={`🤝${matches.get(n.id)!.length}`} fontSize={fontSize} fontStyle="bold" fill="#ffffff" padding={5} />
          </Label>
        ))}
    </Group>
  );
});

/** 取り組み on the board: a green tag at the top left of a note an action came from, with its status. */
export const ActionBadges = memo(function ActionBadges({ notes, sources, projector, lang }: { notes: readonly BoardNote[]; sources: ReadonlyMap<string, ActionStatus>; projector: boolean; lang: Lang }) {
  if (sources.size === 0) return null;
  const fontSize = projector ? 24 : 18;
  return (
    <Group listening={false} name="action-badges">
      {notes
        .filter((n) => sources.has(n.id))
        .map((n) => (
          <Label key={n.id} x={n.x - 8} y={n.y - 16} name="action-badge" noteId={n.id} status={sources.get(n.id)}>
            <Tag fill={sources.get(n.id) === 'kanryo' ? '#1b5e20' : '#2e7d32'} cornerRadius={12} stroke="#ffffff" strokeWidth={2} />
            <Text text={`✓ ${ACTION_STATUS_LABELS[sources.get(n.id)!][lang]}`} fontSize={fontSize} fontStyle="bold" fill="#ffffff" padding={5} />
          </Label>
        ))}
    </Group>
  );
});
