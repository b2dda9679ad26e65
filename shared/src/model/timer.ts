import type * as Y from 'yjs';
import { timerMap } from './roots.js';

/** The shared countdown. `endsAt` is wall-clock ms while running; `remainingMs` while paused. */
export interface Timer {
  durationMs: number;
  endsAt: number;
  running: boolean;
  startedBy: string;
  /** Extension to v1: remaining time while paused. */
  remainingMs?: number | undefined;
}

export function readTimer(doc: Y.Doc): Timer {
  const m = timerMap(doc);
  return {
    durationMs: typeof m.get('durationMs') === 'number' ? (m.get('durationMs') as number) : 0,
    endsAt: typeof m.get('endsAt') === 'number' ? (m.get('endsAt') as number) : 0,
    running: m.get('running') === true,
    startedBy: String(m.get('startedBy') ?? ''),
    remainingMs: typeof m.get('remainingMs') === 'number' ? (m.get('remainingMs') as number) : undefined,
  };
}

/** Milliseconds left at `now` (never negative). */
export function timerRemaining(t: Timer, now: number): number {
  if (t.running) return Math.max(0, t.endsAt - now);
  return Math.max(0, t.remainingMs ?? t.durationMs);
}
