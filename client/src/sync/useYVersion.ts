import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * A number that changes whenever `type` (deeply) changes: components read the Y types in
 * render and re-render on change. `null` types are allowed (nothing to observe).
 */
export function useYVersion(type: Y.AbstractType<unknown> | null | undefined): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (cb: () => void) => {
      if (!type) return () => {};
      const handler = () => {
        version.current++;
        cb();
      };
      type.observeDeep(handler);
      return () => type.unobserveDeep(handler);
    },
    [type],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}
