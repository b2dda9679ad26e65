import { useSyncExternalStore } from 'react';

/**
 * The selected item, shared by the board and the map on one page (session state: local to
 * this page, never synced). Selecting a pin highlights its note on the board and the other
 * way round: both sides call `selectItem` and read `useSelectedItem`.
 */
export interface Selection {
  id: string | null;
  /** Who selected: the other side reacts (pans, scrolls) only to the other's selections. */
  source: 'map' | 'board' | null;
}

let current: Selection = { id: null, source: null };
const listeners = new Set<() => void>();

export function selectItem(id: string | null, source: 'map' | 'board'): void {
  if (current.id === id && current.source === source) return;
  current = { id, source };
  for (const l of listeners) l();
}

export function getSelection(): Selection {
  return current;
}

export function subscribeSelection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSelectedItem(): Selection {
  return useSyncExternalStore(subscribeSelection, getSelection, getSelection);
}
