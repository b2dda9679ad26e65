import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { readTimer, timerMap, timerRemaining } from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';
import { B2 } from '../i18n/boardTools.js';
import { useT } from '../i18n/lang.js';
import { chime } from './chime.js';

export function formatMs(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The shared countdown, large; a soft chime and a gentle pulse when it reaches 0. */
export function TimerDisplay({ doc, big }: { doc: Y.Doc; big?: boolean }) {
  const t = useT();
  useYVersion(timerMap(doc) as unknown as Y.AbstractType<unknown>);
  const timer = readTimer(doc);
  const [, setTick] = useState(0);
  const rang = useRef<number>(0);
  useEffect(() => {
    if (!timer.running) return;
    const id = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [timer.running]);
  const left = timerRemaining(timer, Date.now());
  const done = timer.running && left <= 0;
  useEffect(() => {
    if (done && rang.current !== timer.endsAt) {
      rang.current = timer.endsAt;
      chime();
    }
  }, [done, timer.endsAt]);
  if (timer.durationMs <= 0 && !timer.running) return null;
  return (
    <div
      className={`timer${big ? ' timer-big' : ''}${done ? ' timer-done' : ''}${timer.running ? ' running' : ''}`}
      data-testid="timer"
      data-remaining={left}
      data-running={timer.running}
      role="timer"
      aria-label={t(B2.timer)}
    >
      <span aria-hidden="true">⏱</span> {done ? t(B2.timeUp) : formatMs(left)}
    </div>
  );
}
