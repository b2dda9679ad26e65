import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VoteSettings } from '@tsunagu/shared';

/**
 * Dot voting through the server (PROTOCOL.md, the vote routes): nobody's device holds the
 * tallies before the reveal, so this device's own dots come from the server too. A tap shows
 * its dot at once and takes it back when the server refuses it (with the server's message).
 */
export interface VoteState {
  budget: number;
  used: number;
  mine: Record<string, number>;
}

export interface Voting extends VoteState {
  left: number;
  /** The server's message for the last refused tap ('' when none). */
  refused: string;
  place(itemId: string): Promise<boolean>;
  remove(itemId: string): Promise<boolean>;
  /** Facilitator: start (optionally clearing earlier dots), end, reveal or hide. */
  start(budget: number, clear?: boolean): Promise<void>;
  end(): Promise<void>;
  reveal(revealed: boolean): Promise<void>;
}

const EMPTY: VoteState = { budget: 0, used: 0, mine: {} };

async function call(workshopId: string, token: string, path: string, body?: unknown): Promise<{ ok: boolean; state: VoteState; error: string }> {
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/votes${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Partial<VoteState> & { error?: string };
  return {
    ok: res.ok,
    state: { budget: json.budget ?? 0, used: json.used ?? 0, mine: json.mine ?? {} },
    error: json.error ?? (res.ok ? '' : `HTTP ${res.status}`),
  };
}

export function useVoting(workshopId: string, token: string, vote: VoteSettings, enabled = true): Voting {
  const [state, setState] = useState<VoteState>(EMPTY);
  const [refused, setRefused] = useState('');
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  // re-read this device's dots when a vote starts, ends or changes its budget
  useEffect(() => {
    if (!enabled || !token) return;
    let current = true;
    call(workshopId, token, '/mine')
      .then((r) => current && r.ok && setState(r.state))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [workshopId, token, enabled, vote.active, vote.budget]);

  const tap = useCallback(
    async (itemId: string, delta: 1 | -1): Promise<boolean> => {
      // optimistic: the dot shows at once
      setState((s) => ({ ...s, used: s.used + delta, mine: { ...s.mine, [itemId]: Math.max(0, (s.mine[itemId] ?? 0) + delta) } }));
      try {
        const r = await call(workshopId, token, '', { itemId, delta });
        if (!live.current) return r.ok;
        setState(r.state);
        setRefused(r.ok ? '' : r.error);
        return r.ok;
      } catch {
        if (live.current) {
          setState((s) => ({ ...s, used: s.used - delta, mine: { ...s.mine, [itemId]: Math.max(0, (s.mine[itemId] ?? 0) - delta) } }));
          setRefused('通信できませんでした。もう一度押してください / Could not reach the server; please try again');
        }
        return false;
      }
    },
    [workshopId, token],
  );
  const manage = useCallback(
    async (path: string, body: unknown) => {
      const r = await call(workshopId, token, path, body);
      if (live.current && r.ok) setState(r.state);
    },
    [workshopId, token],
  );

  return useMemo(
    () => ({
      ...state,
      budget: vote.budget || state.budget,
      left: Math.max(0, (vote.budget || state.budget) - state.used),
      refused,
      place: (id: string) => tap(id, 1),
      remove: (id: string) => tap(id, -1),
      start: (budget: number, clear = false) => manage('/start', { budget, clear }),
      end: () => manage('/end', {}),
      reveal: (revealed: boolean) => manage('/reveal', { revealed }),
    }),
    [state, vote.budget, refused, tap, manage],
  );
}
