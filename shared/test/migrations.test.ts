import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  CURRENT_SCHEMA,
  DEFAULT_CATEGORIES,
  DEFAULT_COLUMNS,
  MIGRATIONS,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  SchemaTooNewError,
  initWorkshopDoc,
  itemsMap,
  metaMap,
  migrate,
  readCategories,
  readColumns,
  readGroups,
  readItems,
  readMeta,
  type Migration,
} from '@tsunagu/shared';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

/** Frozen documents, one per old schema, written by an older program and never regenerated. */
const FROZEN: Record<number, string> = {
  0: 'v0-prototype.yupdate',
  1: 'v1-groups.yupdate',
};

function loadFrozen(schema: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(path.join(FIXTURES, FROZEN[schema]!))));
  return doc;
}

describe('migrations', () => {
  test('every migration step has a frozen document of its starting schema (meta-test)', () => {
    for (const step of MIGRATIONS) expect(FROZEN[step.from], `no frozen v${step.from} document for ${step.name}`).toBeDefined();
    // steps form a chain 0 → CURRENT_SCHEMA with no gaps
    expect(MIGRATIONS.map((m) => m.from)).toEqual(Array.from({ length: CURRENT_SCHEMA }, (_, i) => i));
  });

  test('AddSchemaDefaultsAndYText: the v0 prototype document loads as v1', () => {
    const doc = loadFrozen(0);
    expect(readMeta(doc).schema).toBe(0);
    const applied = migrate(doc, 'public', MIGRATIONS, 1);
    expect(applied).toEqual(['AddSchemaDefaultsAndYText']);
    expect(readMeta(doc)).toMatchObject({ schema: 1, title: '試作版ワークショップ', district: '中央小学校区', phase: 'collect' });
    expect(readColumns(doc).map((c) => c.id)).toEqual(DEFAULT_COLUMNS.map((c) => c.id));
    expect(readCategories(doc).map((c) => c.id)).toEqual(DEFAULT_CATEGORIES.map((c) => c.id));
    const items = readItems(doc);
    expect(items.map((i) => [i.id, i.text, i.column])).toEqual([
      ['proto-1', 'ごみ出しが大変', 'pool'],
      ['proto-2', 'サロンが公民館にある', 'jumin'],
    ]);
    for (const [, m] of itemsMap(doc)) {
      expect(m.get('text')).toBeInstanceOf(Y.Text);
      expect(m.get('votes')).toBeInstanceOf(Y.Map);
    }
    expect(items[1]).toMatchObject({ lat: 35.9251, lng: 139.4858 });
  });

  test('the restricted kind migrates items only (no columns or categories)', () => {
    const doc = loadFrozen(0);
    migrate(doc, 'restricted');
    expect(readColumns(doc)).toEqual([]);
    expect(readItems(doc)).toHaveLength(2);
    expect(metaMap(doc).get('schema')).toBe(CURRENT_SCHEMA);
  });

  test('GroupsBecomeFrames: a v1 workshop with groups gets a frame around each group’s notes', () => {
    const doc = loadFrozen(1);
    expect(readMeta(doc).schema).toBe(1);
    expect(readGroups(doc).every((g) => g.frame === undefined)).toBe(true);
    expect(migrate(doc)).toEqual(['GroupsBecomeFrames']);
    expect(readMeta(doc).schema).toBe(2);
    const groups = new Map(readGroups(doc).map((g) => [g.id, g]));
    // the two notes at (460, 200) and (660, 260), 180 × 120 each, padded by 24 with a 44 title band
    expect(groups.get('g-old1')).toMatchObject({ name: '買い物の困りごと', color: '#fff8e1', frame: { x: 436, y: 132, w: 428, h: 272 } });
    const members = readItems(doc).filter((i) => i.groupId === 'g-old1');
    for (const n of members) {
      const f = groups.get('g-old1')!.frame!;
      expect(n.x >= f.x && n.y >= f.y && n.x + NOTE_WIDTH <= f.x + f.w && n.y + NOTE_HEIGHT <= f.y + f.h).toBe(true);
    }
    // a group with no notes keeps no rectangle (nothing to draw)
    expect(groups.get('g-empty')!.frame).toBeUndefined();
    expect(readItems(doc)).toHaveLength(3);
  });

  test('a v0 document migrates through every step to the current schema', () => {
    const doc = loadFrozen(0);
    expect(migrate(doc)).toEqual(['AddSchemaDefaultsAndYText', 'GroupsBecomeFrames']);
    expect(readMeta(doc).schema).toBe(CURRENT_SCHEMA);
  });

  test('migration runs in one transaction with the migration origin, and is idempotent', () => {
    const doc = loadFrozen(0);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    migrate(doc);
    expect(origins).toEqual([{ kind: 'migration' }]);
    expect(migrate(doc)).toEqual([]);
    expect(origins).toHaveLength(1);
  });

  test('a current document is left alone; a newer one is refused', () => {
    const doc = new Y.Doc();
    initWorkshopDoc(doc, { title: 't' }, 1);
    const before = Y.encodeStateAsUpdate(doc);
    expect(migrate(doc)).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    metaMap(doc).set('schema', CURRENT_SCHEMA + 1);
    expect(() => migrate(doc)).toThrow(SchemaTooNewError);
  });

  test('a missing step is an error, not a silent skip', () => {
    const doc = loadFrozen(0);
    const steps: Migration[] = [];
    expect(() => migrate(doc, 'public', steps, 1)).toThrow(/no migration from schema 0/);
  });
});
