import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

/**
 * Keep the phone's copy of the document in IndexedDB (y-indexeddb), so what a resident
 * typed survives flaky Wi-Fi and a closed tab; the websocket provider sends it when the
 * connection returns. Returns true once the stored copy has been loaded.
 */
export function useLocalPersistence(doc: Y.Doc, name: string): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    let persistence: IndexeddbPersistence | null = null;
    try {
      persistence = new IndexeddbPersistence(name, doc);
      void persistence.whenSynced.then(() => live && setLoaded(true));
    } catch {
      setLoaded(true); // no IndexedDB (private mode): still usable, just not persistent
    }
    return () => {
      live = false;
      void persistence?.destroy();
    };
  }, [doc, name]);
  return loaded;
}
