import { useMemo } from 'react';
import type * as Y from 'yjs';
import { actionsMap, matchOffers, offersMap, readActions, readAreas, readCategories, readOffers, type ActionStatus, type Item, type Offer } from '@tsunagu/shared';
import { useYVersion } from '../sync/useYVersion.js';

/**
 * ニーズとシーズ: for each need on the board or map, the residents' offers of help of the same
 * category in the same area (matchOffers). Offers carry no names: anyone may see them.
 */
export function useOfferMatches(doc: Y.Doc, items: readonly Pick<Item, 'id' | 'category' | 'areaId' | 'lat' | 'lng'>[]): ReadonlyMap<string, Offer[]> {
  const v = useYVersion(offersMap(doc) as unknown as Y.AbstractType<unknown>);
  return useMemo(() => {
    const offers = readOffers(doc);
    if (!offers.length) return new Map<string, Offer[]>();
    const needCats = new Set(readCategories(doc).filter((c) => c.kind === 'need').map((c) => c.id));
    return matchOffers(
      items.filter((i) => needCats.has(i.category)),
      offers,
      readAreas(doc),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, items, v]);
}

/** The notes actions came from, with the latest status of the (newest) action of each. */
export function useActionSources(doc: Y.Doc): ReadonlyMap<string, ActionStatus> {
  const v = useYVersion(actionsMap(doc) as unknown as Y.AbstractType<unknown>);
  return useMemo(() => {
    const out = new Map<string, ActionStatus>();
    for (const a of readActions(doc)) for (const id of a.sources) out.set(id, a.status);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, v]);
}
