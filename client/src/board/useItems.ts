import { useMemo } from 'react';
import type * as Y from 'yjs';
import { itemsMap, readItems, type Item } from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';

/** Live list of the document's items (live ones, or with the trash when asked). */
export function useItems(doc: Y.Doc | null | undefined, opts: { includeDeleted?: boolean } = {}): Item[] {
  const map = doc ? itemsMap(doc) : null;
  const v = useYVersion(map as Y.AbstractType<unknown> | null);
  const includeDeleted = opts.includeDeleted ?? false;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (doc ? readItems(doc, { includeDeleted }) : []), [doc, v, includeDeleted]);
}
