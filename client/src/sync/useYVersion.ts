import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

interface Counter {
  version: number;
  listeners: Set<() => void>;
}

/**
 * One change counter per Y type, observing it from the first render that reads it for as long
 * as the type lives. The counter must not depend on React having subscribed: React subscribes
 * in an effect, after the render that read the type, and a change arriving in between (the
 * first sync landing while the board mounts) would otherwise never be seen — the board stayed
 * without lanes until the next unrelated change.
 */
const counters = new WeakMap<Y.AbstractType<unknown>, Counter>();

function counterOf(type: Y.AbstractType<unknown>): Counter {
  let c = counters.get(type);
  if (!c) {
    const counter: Counter = { version: 0, listeners: new Set() };
    type.observeDeep(() => {
      counter.version++;
      for (const l of counter.listeners) l();
    });
    counters.set(type, counter);
    c = counter;
  }
  return c;
}

/**
 * The external store behind `useYVersion`, in the order React uses it: `getSnapshot` in
 * render, `subscribe` in an effect, then `getSnapshot` again to catch what changed between.
 */
export function yVersionStore(type: Y.AbstractType<unknown> | null | undefined): { subscribe(cb: () => void): () => void; getSnapshot(): number } {
  const counter = type ? counterOf(type) : null;
  return {
    subscribe(cb) {
      if (!counter) return () => {};
      counter.listeners.add(cb);
      return () => counter.listeners.delete(cb);
    },
    getSnapshot: () => counter?.version ?? 0,
  };
}

/**
 * A number that changes whenever `type` (deeply) changes: components read the Y types in
 * render and re-render on change. `null` types are allowed (nothing to observe).
 */
export function useYVersion(type: Y.AbstractType<unknown> | null | undefined): number {
  const store = useMemo(() => yVersionStore(type), [type]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
