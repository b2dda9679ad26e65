import { useEffect, useState } from 'react';

/**
 * The 「ここにピン」 step (LocateStep with Leaflet, its CSS and the place search) is a chunk of
 * its own, so a phone downloads only the home screen before it can tap. The home screen then
 * fetches that chunk as soon as the page is idle (`usePrefetchLocate`): the module is then in
 * memory, so a phone that loses Wi-Fi later still opens the step at once. A tap before the
 * chunk has arrived shows a short 読み込み中 (LazyLocateStep).
 *
 * Vite's `import()` also inserts the chunk's stylesheets (leaflet.css, the place search) and
 * waits for them, so the step is styled the moment it shows.
 */
export type LocateModule = typeof import('./LocateStep.js');
export type LocateState = 'idle' | 'loading' | 'ready' | 'failed';

let loaded: LocateModule | null = null;
let pending: Promise<LocateModule> | null = null;
let state: LocateState = 'idle';
const listeners = new Set<(s: LocateState) => void>();

function setState(s: LocateState): void {
  state = s;
  for (const l of listeners) l(s);
}

/** The module if it has arrived (synchronously, so a prefetched step renders without a frame of 読み込み中). */
export function loadedLocateModule(): LocateModule | null {
  return loaded;
}

/** Fetch the locate step's chunk once; a failed fetch (offline) may be tried again. */
export function loadLocateModule(): Promise<LocateModule> {
  if (loaded) return Promise.resolve(loaded);
  if (!pending) {
    setState('loading');
    pending = import('./LocateStep.js').then(
      (m) => {
        loaded = m;
        setState('ready');
        return m;
      },
      (err: unknown) => {
        pending = null;
        setState('failed');
        throw err;
      },
    );
  }
  return pending;
}

/** The chunk's state, re-rendering when it changes. */
export function useLocateState(): LocateState {
  const [s, set] = useState<LocateState>(state);
  useEffect(() => {
    listeners.add(set);
    set(state);
    return () => {
      listeners.delete(set);
    };
  }, []);
  return s;
}

type IdleWindow = Window & {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
  cancelIdleCallback?: (h: number) => void;
};

/** How long a home screen waits for the first sync before it prefetches anyway. */
const SYNC_WAIT_MS = 5000;

/**
 * Prefetch the locate step once the screen calling it has rendered, `synced` (the first sync
 * with the server, which enables the buttons, has priority on a crowded access point; after
 * SYNC_WAIT_MS it goes ahead anyway) and the page is idle; again when the connection comes back
 * after a failed try. Returns the chunk's state.
 */
export function usePrefetchLocate(synced: boolean): LocateState {
  const s = useLocateState();
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (synced || loaded) return;
    const h = window.setTimeout(() => setWaited(true), SYNC_WAIT_MS);
    return () => window.clearTimeout(h);
  }, [synced]);
  const go = synced || waited;
  useEffect(() => {
    if (loaded || !go) return;
    const w = window as IdleWindow;
    const start = () => void loadLocateModule().catch(() => {});
    let cancel: () => void;
    if (w.requestIdleCallback && w.cancelIdleCallback) {
      const h = w.requestIdleCallback(start, { timeout: 2000 });
      cancel = () => w.cancelIdleCallback!(h);
    } else {
      // Safari has no requestIdleCallback: a moment after the first paint
      const h = window.setTimeout(start, 300);
      cancel = () => window.clearTimeout(h);
    }
    window.addEventListener('online', start);
    return () => {
      cancel();
      window.removeEventListener('online', start);
    };
  }, [go]);
  return s;
}
