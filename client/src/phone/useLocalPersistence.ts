import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';

/** Documents whose stored copy was already discarded (a remount must not delete it again). */
const discarded = new WeakSet<Y.Doc>();

/**
 * Keep the phone's copy of the document in IndexedDB (y-indexeddb), so what a resident
 * typed survives flaky Wi-Fi and a closed tab; the websocket provider sends it when the
 * connection returns. Returns true once the stored copy has been loaded.
 * `discard`: the stored copy holds history the server rewrote (close 4410); it is deleted
 * before the first attachment of `doc` — the edits it held that the server never got were
 * carried over in memory already. Later mounts (the home tab again) keep what is stored.
 */
export function useLocalPersistence(doc: Y.Doc, name: string, discard = false): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    let persistence: IndexeddbPersistence | null = null;
    const attach = () => {
      if (!live) return;
      try {
        persistence = new IndexeddbPersistence(name, doc);
        void persistence.whenSynced.then(() => live && setLoaded(true));
      } catch {
        setLoaded(true); // no IndexedDB (private mode): still usable, just not persistent
      }
    };
    if (discard && !discarded.has(doc)) {
      discarded.add(doc);
      clearDocument(name).then(attach, attach);
    } else attach();
    return () => {
      live = false;
      void persistence?.destroy();
    };
  }, [doc, name, discard]);
  return loaded;
}
