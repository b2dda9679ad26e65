import * as Y from 'yjs';
import { areaAt, type Area } from './area.js';
import type { Item } from './item.js';
import { ROOT } from './roots.js';

/**
 * 「私にできること」 (issue 15): a resident's offer of help — 雪かき, 話し相手, ゴミ出し, 見守り,
 * 送迎 … — with the category of need it helps with and a rough area (an area of the workshop,
 * never a house). Stored in the public document's root `offers` (id → Y.Map `{id, text,
 * category, areaId?, createdAt, deletedAt?}`) without the name of who offered: the server
 * writes it (POST /api/workshops/:id/offers) and keeps who offered (nickname, kind, user id) in
 * the restricted document's root `offerAuthors`, which only staff see. Matching offers are shown
 * beside each need (ニーズとシーズ).
 */
export const MAX_OFFER_TEXT = 200;

export interface Offer {
  id: string;
  text: string;
  category: string;
  areaId?: string | undefined;
  createdAt: number;
  deletedAt?: number | undefined;
}

export interface OfferAuthor {
  name: string;
  kind: string;
  userId: string;
}

export const offersMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.offers);
export const offerAuthorsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.offerAuthors);

export function readOffers(doc: Y.Doc, opts: { includeDeleted?: boolean } = {}): Offer[] {
  const out: Offer[] = [];
  offersMap(doc).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const areaId = m.get('areaId');
    const deletedAt = m.get('deletedAt');
    const o: Offer = {
      id: String(m.get('id') ?? ''),
      text: String(m.get('text') ?? ''),
      category: String(m.get('category') ?? ''),
      areaId: typeof areaId === 'string' ? areaId : undefined,
      createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0,
      deletedAt: typeof deletedAt === 'number' ? deletedAt : undefined,
    };
    if (opts.includeDeleted || o.deletedAt === undefined) out.push(o);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Who offered what (staff only: the restricted document). */
export function readOfferAuthors(restrictedDoc: Y.Doc): Map<string, OfferAuthor> {
  const out = new Map<string, OfferAuthor>();
  offerAuthorsMap(restrictedDoc).forEach((m, id) => {
    if (m instanceof Y.Map) out.set(id, { name: String(m.get('name') ?? ''), kind: String(m.get('kind') ?? ''), userId: String(m.get('userId') ?? '') });
  });
  return out;
}

/** The area a need lies in: its areaId, else the smallest outline around its pin. */
function areaOfNeed(need: Pick<Item, 'areaId' | 'lat' | 'lng'>, areas: readonly Area[]): string | undefined {
  if (need.areaId) return need.areaId;
  if (need.lat !== undefined && need.lng !== undefined) return areaAt(areas, need.lat, need.lng)?.id;
  return undefined;
}

/**
 * ニーズとシーズ: for each need, the live offers of the same category in the same area. An offer
 * with no area matches a need anywhere; an offer for an area matches the needs in it, and
 * needs with no place at all (a note with neither pin nor area), never a pin outside it.
 */
export function matchOffers(needs: readonly Pick<Item, 'id' | 'category' | 'areaId' | 'lat' | 'lng'>[], offers: readonly Offer[], areas: readonly Area[]): Map<string, Offer[]> {
  const out = new Map<string, Offer[]>();
  for (const need of needs) {
    const placed = need.areaId !== undefined || (need.lat !== undefined && need.lng !== undefined);
    const area = areaOfNeed(need, areas);
    const matching = offers.filter((o) => o.deletedAt === undefined && o.category === need.category && (!o.areaId || !placed || o.areaId === area));
    if (matching.length) out.set(need.id, matching);
  }
  return out;
}
