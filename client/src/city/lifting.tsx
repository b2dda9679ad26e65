import { memo, useMemo, useState } from 'react';
import { Group, Label, Tag, Text } from 'react-konva';
import type * as Y from 'yjs';
import { itemsMap, metaMap, NOTE_WIDTH } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import { liftIssue } from './cityApi.js';
import './lifting.css';
import { C } from './cityStrings.js';

/** The default of `meta.liftLimit` (PROTOCOL.md: at most this many issues lifted at once). */
export const DEFAULT_LIFT_LIMIT = 2;

type AnyType = Y.AbstractType<unknown>;

/**
 * Which public notes are lifted to the city (`liftedAt`, written only by the server's lift
 * route) and the workshop's limit (`meta.liftLimit`, default 2). Re-read on every change.
 */
export function useLifted(doc: Y.Doc): { lifted: ReadonlySet<string>; limit: number } {
  const vItems = useYVersion(itemsMap(doc) as unknown as AnyType);
  const vMeta = useYVersion(metaMap(doc) as unknown as AnyType);
  const lifted = useMemo(() => {
    const out = new Set<string>();
    itemsMap(doc).forEach((m, id) => {
      const item = m as Y.Map<unknown>;
      if (typeof item.get?.('liftedAt') === 'number' && item.get('deletedAt') === undefined) out.add(id);
    });
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, vItems]);
  const limit = useMemo(() => {
    const v = metaMap(doc).get('liftLimit');
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : DEFAULT_LIFT_LIMIT;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, vMeta]);
  return { lifted, limit };
}

/**
 * 「市へ上げる」 in the board's status row (facilitator of a district workshop): always there,
 * of one width, so the board never moves under the mouse when a note is selected; enabled when
 * one public note is selected. Lifts the issue to the city through the server (which checks
 * the role, the lane and the limit), with 「あと n 件」 beside it; on a lifted note it takes it back.
 */
export function LiftButton({ doc, workshopId, token, itemId }: { doc: Y.Doc; workshopId: string; token: string; itemId: string | null }) {
  const t = useT();
  const { lifted, limit } = useLifted(doc);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isLifted = itemId !== null && lifted.has(itemId);
  const left = Math.max(0, limit - lifted.size);
  const full = !isLifted && left === 0;
  const click = async () => {
    if (!itemId) return;
    setBusy(true);
    setError(null);
    try {
      await liftIssue(workshopId, token, itemId, !isLifted);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="lift-control">
      <button
        type="button"
        className={`btn btn-small${isLifted ? ' on' : ''}`}
        data-testid="lift-toggle"
        data-lifted={isLifted}
        aria-pressed={isLifted}
        disabled={busy || itemId === null || full}
        title={full ? t(C.liftFull, { n: limit }) : itemId === null ? t(C.liftPick) : undefined}
        onClick={() => void click()}
      >
        🏛 {isLifted ? t(C.unlift) : t(C.lift)}
      </button>
      <span className="lift-left" data-testid="lift-left" data-full={full}>
        {t(C.liftLeft, { n: left })}
      </span>
      {error && (
        <span className="error" role="alert" data-testid="lift-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** A 「市へ」 tag at the top middle of every lifted note, on every screen (it is public). */
export const LiftBadges = memo(function LiftBadges({ doc, notes, projector }: { doc: Y.Doc; notes: readonly { id: string; x: number; y: number; restricted: boolean }[]; projector: boolean }) {
  const t = useT();
  const { lifted } = useLifted(doc);
  if (lifted.size === 0) return null;
  const fontSize = projector ? 20 : 16;
  // above the note's top edge (over its colour bar only): the text stays readable
  return (
    <Group listening={false} name="lift-badges">
      {notes
        .filter((n) => !n.restricted && lifted.has(n.id))
        .map((n) => (
          <Label key={n.id} x={n.x + NOTE_WIDTH / 2 - fontSize * 2} y={n.y - fontSize - 6} name="lift-badge" noteId={n.id}>
            <Tag fill="#0d47a1" cornerRadius={12} stroke="#ffffff" strokeWidth={2} />
            <Text text={`🏛 ${t(C.liftBadge)}`} fontSize={fontSize} fontStyle="bold" fill="#ffffff" padding={4} />
          </Label>
        ))}
    </Group>
  );
});
