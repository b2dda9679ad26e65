import * as Y from 'yjs';
import { MIGRATION } from '../origins.js';
import { categoryToYMap } from './category.js';
import { columnToYMap } from './column.js';
import { DEFAULT_CATEGORIES, DEFAULT_COLUMNS } from './defaults.js';
import { CURRENT_SCHEMA } from './meta.js';
import { categoriesArray, columnsArray, groupsMap, itemsMap, metaMap } from './roots.js';
import { FRAME_COLORS, frameAround } from '../commands/board.js';

/**
 * Named, ordered migration steps. Each moves a document from schema `from` to `from + 1`.
 * Migrations run on the server only, once, when a room is loaded and before any client is
 * answered, so two clients can never run the same step concurrently (which on a CRDT would
 * duplicate inserted defaults). Every step has a test with a frozen old document
 * (shared/test/fixtures/), and a meta-test fails when a step is never exercised.
 */
export type DocKind = 'public' | 'restricted';

export interface Migration {
  readonly name: string;
  readonly from: number;
  /** `kind` tells the public document from the restricted one (which holds only items). */
  up(doc: Y.Doc, kind: DocKind): void;
}

/** v0 → v1: documents from the prototype had no schema number, plain-string texts and no votes maps. */
const AddSchemaDefaultsAndYText: Migration = {
  name: 'AddSchemaDefaultsAndYText',
  from: 0,
  up(doc, kind) {
    const meta = metaMap(doc);
    if (kind === 'public') {
      if (columnsArray(doc).length === 0) columnsArray(doc).push(DEFAULT_COLUMNS.map((c) => columnToYMap(c)));
      if (categoriesArray(doc).length === 0) categoriesArray(doc).push(DEFAULT_CATEGORIES.map((c) => categoryToYMap(c)));
      if (typeof meta.get('phase') !== 'string') meta.set('phase', 'collect');
    }
    itemsMap(doc).forEach((item, id) => {
      if (!(item instanceof Y.Map)) return;
      const text = item.get('text');
      if (!(text instanceof Y.Text)) item.set('text', new Y.Text(typeof text === 'string' ? text : ''));
      if (!(item.get('votes') instanceof Y.Map)) item.set('votes', new Y.Map<number>());
      if (typeof item.get('id') !== 'string') item.set('id', id);
      if (typeof item.get('column') !== 'string') item.set('column', 'pool');
    });
  },
};

/**
 * v1 → v2: groups become frames (図式化): a group written by schema 1 held only {id, name};
 * each gets the rectangle around its live notes (with padding and a title band) and the first
 * frame colour. A group with no live notes keeps no rectangle (it is not drawn).
 */
const GroupsBecomeFrames: Migration = {
  name: 'GroupsBecomeFrames',
  from: 1,
  up(doc, kind) {
    if (kind !== 'public') return;
    const members = new Map<string, { x: number; y: number }[]>();
    itemsMap(doc).forEach((item) => {
      if (!(item instanceof Y.Map) || item.get('deletedAt') !== undefined) return;
      const g = item.get('groupId');
      const x = item.get('x');
      const y = item.get('y');
      if (typeof g !== 'string' || typeof x !== 'number' || typeof y !== 'number') return;
      if (!members.has(g)) members.set(g, []);
      members.get(g)!.push({ x, y });
    });
    groupsMap(doc).forEach((group, id) => {
      if (!(group instanceof Y.Map) || typeof group.get('w') === 'number') return;
      const frame = frameAround(members.get(id) ?? []);
      if (!frame) return;
      for (const [k, v] of Object.entries(frame)) group.set(k, v);
      if (typeof group.get('color') !== 'string') group.set('color', FRAME_COLORS[0]);
    });
  },
};

export const MIGRATIONS: readonly Migration[] = [AddSchemaDefaultsAndYText, GroupsBecomeFrames];

export class SchemaTooNewError extends Error {
  constructor(readonly schema: number) {
    super(`document schema ${schema} is newer than this program (${CURRENT_SCHEMA}); update tsunagu`);
    this.name = 'SchemaTooNewError';
  }
}

export function schemaOf(doc: Y.Doc): number {
  const s = metaMap(doc).get('schema');
  return typeof s === 'number' ? s : 0;
}

/**
 * Bring `doc` up to CURRENT_SCHEMA. Returns the names of the steps applied (empty when the
 * document was already current). Runs in one transaction with the `migration` origin.
 */
export function migrate(
  doc: Y.Doc,
  kind: DocKind = 'public',
  steps: readonly Migration[] = MIGRATIONS,
  target = CURRENT_SCHEMA,
): string[] {
  const start = schemaOf(doc);
  if (start > target) throw new SchemaTooNewError(start);
  const applied: string[] = [];
  if (start === target) return applied;
  doc.transact(() => {
    for (let v = start; v < target; v++) {
      const step = steps.find((s) => s.from === v);
      if (!step) throw new Error(`no migration from schema ${v}`);
      step.up(doc, kind);
      applied.push(step.name);
    }
    metaMap(doc).set('schema', target);
  }, MIGRATION);
  return applied;
}
