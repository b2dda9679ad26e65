import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '../sync/presence.js';
import type { Peer } from './usePresence.js';
import type { View } from './viewport.js';

/**
 * Follow me. Everyone publishes `view` (the board point at the centre of their canvas, the
 * scale and the visible board width and height). The facilitator may set `follow {userId,
 * forced}` on their own presence: every other screen then tracks the facilitator's view until
 * released. Anyone may also choose to follow one person locally. While following, our view is
 * derived from the leader's: same centre, and all the leader sees fits in our canvas (a wide
 * projector following a narrow laptop pane shows the whole pane, not a slice of its middle).
 */
export function useFollow(opts: {
  awareness: Awareness;
  peers: readonly Peer[];
  view: View;
  setView(v: View): void;
  width: number;
  height: number;
}) {
  const { awareness, peers, view, width, height } = opts;
  const [chosen, setChosen] = useState<string | null>(null);
  const forcedLeader = peers.find((p) => p.state.follow?.forced && p.state.user?.role === 'facilitator' && p.state.follow.userId === p.state.user.id);
  const chosenLeader = chosen ? peers.find((p) => p.state.user?.id === chosen) : undefined;
  const leader = forcedLeader ?? chosenLeader;
  const leading = (awareness.getLocalState() as PresenceState | null)?.follow?.forced === true;

  // publish our view (throttled)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (width <= 0) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const prev = ((awareness.getLocalState() as PresenceState | null)?.view ?? {}) as Record<string, unknown>;
      awareness.setLocalStateField('view', {
        ...prev,
        boardX: (width / 2 - view.x) / view.scale,
        boardY: (height / 2 - view.y) / view.scale,
        scale: view.scale,
        boardW: width / view.scale,
        boardH: height / view.scale,
      });
    }, 80);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [awareness, view, width, height]);

  // Releasing follow-me gives each follower back its own view: the view it had when it began
  // to follow (a projector that was showing the whole board is not left zoomed in on a lane).
  const leaderId = leader?.state.user?.id ?? null;
  const ownView = useRef<View | null>(null);
  const viewNow = useRef(view);
  viewNow.current = view;
  const wasFollowing = useRef<string | null>(null);
  const restoreView = opts.setView;
  useEffect(() => {
    if (leaderId && !wasFollowing.current) ownView.current = viewNow.current;
    if (!leaderId && wasFollowing.current && ownView.current) {
      restoreView(ownView.current);
      ownView.current = null;
    }
    wasFollowing.current = leaderId;
  }, [leaderId, restoreView]);

  // track the leader
  const lv = leader?.state.view as (PresenceState['view'] & { boardW?: number; boardH?: number }) | undefined;
  const setView = opts.setView;
  useEffect(() => {
    if (!lv || width <= 0 || typeof lv.boardX !== 'number') return;
    // (a leader on an older client publishes no boardH: match its width alone)
    const scale = lv.boardW ? Math.min(width / lv.boardW, lv.boardH && height > 0 ? height / lv.boardH : Infinity) : lv.scale;
    setView({ scale, x: width / 2 - lv.boardX * scale, y: height / 2 - lv.boardY * scale });
  }, [lv?.boardX, lv?.boardY, lv?.scale, lv?.boardW, lv?.boardH, width, height, setView, lv]);

  return {
    leader,
    forced: !!forcedLeader,
    chosen,
    follow: (userId: string | null) => setChosen(userId),
    leading,
    setLeading: (on: boolean) => {
      const me = (awareness.getLocalState() as PresenceState | null)?.user;
      awareness.setLocalStateField('follow', on && me ? { userId: me.id, forced: true } : null);
    },
  };
}
