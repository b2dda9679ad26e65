import { useMemo } from 'react';
import type * as Y from 'yjs';
import { categoriesArray, itemsMap, readCategories, readItems } from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';
import { ConsentCheck } from './ConsentCheck.js';

type AnyType = Y.AbstractType<unknown>;

/** ConsentCheck over the live public document (the export panel). */
export function ConsentCheckLive({ doc }: { doc: Y.Doc }) {
  const vi = useYVersion(itemsMap(doc) as unknown as AnyType);
  const vc = useYVersion(categoriesArray(doc) as unknown as AnyType);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const items = useMemo(() => readItems(doc), [doc, vi]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const categories = useMemo(() => readCategories(doc), [doc, vc]);
  return <ConsentCheck items={items} categories={categories} />;
}
