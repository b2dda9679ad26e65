import * as Y from 'yjs';

/**
 * The root types of a workshop document (document model v1). Always reach them through
 * these functions, never by name elsewhere, so the names live in one place.
 */
export const ROOT = {
  meta: 'meta',
  columns: 'columns',
  categories: 'categories',
  items: 'items',
  areas: 'areas',
  timer: 'timer',
  /** Groups of notes (extension): id → Y.Map {id, name}; see commands/board.ts. */
  groups: 'groups',
  /** Connectors between notes and frames (図式化, extension): id → Y.Map; see connector.ts. */
  connectors: 'connectors',
  /** Actions that live on after the workshop (extension): id → Y.Map; see action.ts. */
  actions: 'actions',
  /** 「私にできること」 offers of help, without names (extension): id → Y.Map; see offer.ts. */
  offers: 'offers',
  /** Restricted document: who made each offer (staff only): offer id → Y.Map {name, kind, userId}. */
  offerAuthors: 'offerAuthors',
  /** Restricted document: dots before the reveal, itemId → Y.Map voterId → count (server-written). */
  ballots: 'ballots',
  /** Restricted document: the exact point of a need pin whose public lat/lng is coarse (issue 17): itemId → Y.Map {lat, lng, at}. */
  exactPoints: 'exactPoints',
  /** Restricted document: 「相談したい」 messages from residents (issue 17): id → Y.Map; see privacy/consult.ts. */
  consultations: 'consultations',
} as const;

/** What each root holds (a history rewrite copies them by kind). */
export const ROOT_KINDS: Readonly<Record<string, 'map' | 'array'>> = {
  [ROOT.meta]: 'map',
  [ROOT.columns]: 'array',
  [ROOT.categories]: 'array',
  [ROOT.items]: 'map',
  [ROOT.areas]: 'map',
  [ROOT.timer]: 'map',
  [ROOT.groups]: 'map',
  [ROOT.connectors]: 'map',
  [ROOT.actions]: 'map',
  [ROOT.offers]: 'map',
  [ROOT.offerAuthors]: 'map',
  [ROOT.ballots]: 'map',
  [ROOT.exactPoints]: 'map',
  [ROOT.consultations]: 'map',
};

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);
export const columnsArray = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray(ROOT.columns);
export const categoriesArray = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray(ROOT.categories);
export const itemsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.items);
export const areasMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.areas);
export const timerMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.timer);
export const connectorsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.connectors);
export const actionsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.actions);
export const groupsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.groups);

/** Build a Y.Map from a plain record, skipping undefined values. */
export function toYMap(record: Record<string, unknown>): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(record)) if (v !== undefined) m.set(k, v);
  return m;
}
