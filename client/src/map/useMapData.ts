import { useMemo } from 'react';
import type * as Y from 'yjs';
import {
  areasMap,
  categoriesArray,
  columnsArray,
  itemsMap,
  metaMap,
  readAreas,
  readCategories,
  readItems,
  readMeta,
  type Area,
  type Category,
  type Item,
  type Meta,
} from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';

/** Live views of the document for the map (re-render on change of the observed root). */
export function useDocItems(doc: Y.Doc | null | undefined): Item[] {
  const v = useYVersion(doc ? (itemsMap(doc) as Y.AbstractType<unknown>) : null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (doc ? readItems(doc) : []), [doc, v]);
}

export function useCategories(doc: Y.Doc): Category[] {
  const v = useYVersion(categoriesArray(doc) as Y.AbstractType<unknown>);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => readCategories(doc), [doc, v]);
}

export function useAreas(doc: Y.Doc): Area[] {
  const v = useYVersion(areasMap(doc) as Y.AbstractType<unknown>);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => readAreas(doc), [doc, v]);
}

export function useColumnLabels(doc: Y.Doc): Map<string, string> {
  const v = useYVersion(columnsArray(doc) as Y.AbstractType<unknown>);
  return useMemo(
    () => new Map(columnsArray(doc).toArray().map((m) => [String(m.get('id')), String(m.get('label') ?? '')])),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc, v],
  );
}

export function useMeta(doc: Y.Doc): Meta {
  const v = useYVersion(metaMap(doc) as Y.AbstractType<unknown>);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => readMeta(doc), [doc, v]);
}
