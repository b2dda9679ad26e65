import type * as Y from 'yjs';
import { readTimer, timerRemaining } from '../model/timer.js';
import { timerMap } from '../model/roots.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';

/**
 * The shared countdown (v1 `timer` map; `remainingMs` is the extension used while paused).
 * Wall-clock based: every screen computes the remaining time from `endsAt`.
 */
const nowOf = (o: CommandOptions) => o.now ?? Date.now();

export function setTimer(doc: Y.Doc, durationMs: number, by: string, opts: CommandOptions = {}): void {
  const d = Math.max(0, Math.min(4 * 3600_000, Math.round(durationMs)));
  doc.transact(() => {
    const m = timerMap(doc);
    m.set('durationMs', d);
    m.set('remainingMs', d);
    m.set('endsAt', 0);
    m.set('running', false);
    m.set('startedBy', by);
  }, opts.origin ?? LOCAL);
}

export function startTimer(doc: Y.Doc, by: string, opts: CommandOptions = {}): void {
  const t = readTimer(doc);
  if (t.running) return;
  const left = timerRemaining(t, nowOf(opts));
  if (left <= 0) return;
  doc.transact(() => {
    const m = timerMap(doc);
    m.set('endsAt', nowOf(opts) + left);
    m.set('running', true);
    m.set('startedBy', by);
  }, opts.origin ?? LOCAL);
}

export function pauseTimer(doc: Y.Doc, opts: CommandOptions = {}): void {
  const t = readTimer(doc);
  if (!t.running) return;
  doc.transact(() => {
    const m = timerMap(doc);
    m.set('remainingMs', timerRemaining(t, nowOf(opts)));
    m.set('running', false);
  }, opts.origin ?? LOCAL);
}

/** Add time (default one minute) whether running or paused. */
export function addTime(doc: Y.Doc, ms = 60_000, opts: CommandOptions = {}): void {
  const t = readTimer(doc);
  doc.transact(() => {
    const m = timerMap(doc);
    if (t.running) m.set('endsAt', Math.max(t.endsAt, nowOf(opts)) + ms);
    else m.set('remainingMs', timerRemaining(t, nowOf(opts)) + ms);
    m.set('durationMs', t.durationMs + ms);
  }, opts.origin ?? LOCAL);
}
