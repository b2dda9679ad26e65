import { useEffect, useRef } from 'react';
import { getSelection, selectItem, subscribeSelection } from './selection.js';

/**
 * Connect a board's own selection state to the page's shared selection, so that selecting a
 * pin highlights its note on the board and selecting one note highlights its pin on the map.
 * Call from the board with its selection set and setter.
 */
export function useSelectionBridge(selection: ReadonlySet<string>, setSelection: (s: Set<string>) => void): void {
  const setter = useRef(setSelection);
  setter.current = setSelection;
  // board → map: exactly one selected note is the selected item; none clears it
  const only = selection.size === 1 ? [...selection][0]! : null;
  useEffect(() => {
    const cur = getSelection();
    if (only !== null) {
      if (cur.id !== only) selectItem(only, 'board');
    }
    else if (cur.source === 'board' && cur.id !== null) selectItem(null, 'board');
  }, [only]);
  // map → board
  useEffect(
    () =>
      subscribeSelection(() => {
        const s = getSelection();
        if (s.source === 'map' && s.id) setter.current(new Set([s.id]));
      }),
    [],
  );
}
