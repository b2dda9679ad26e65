import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  connect,
  deleteConnectors,
  deleteItems,
  groupItems,
  initWorkshopDoc,
  liveConnectors,
  LOCAL,
  moveGroup,
  readConnectors,
  readGroups,
  readItems,
  relationLines,
  restoreConnectors,
  restoreItems,
  restyleConnectors,
  setFrameRect,
  FRAME_MIN,
  buildBackup,
  buildSummary,
  buildSummaryCsv,
  readWorkshopData,
  createAction,
  offersMap,
  readActions,
  readOffers,
  restoreBackup,
  setActionStatus,
  validateBackup,
} from '../src/index.js';

function board() {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: '図式化' }, 1);
  const a = addItem(doc, { text: '坂道が多い', category: 'ido', x: 40, y: 100 });
  const b = addItem(doc, { text: '買い物が大変', category: 'ido', x: 300, y: 100 });
  const c = addItem(doc, { text: 'バスが少ない', category: 'ido', x: 40, y: 300 });
  return { doc, a, b, c };
}

describe('connectors (図式化)', () => {
  it('connects two notes with a style, arrowheads and a label, and reads them back', () => {
    const { doc, a, b } = board();
    const id = connect(doc, a, b, { style: 'dotted', arrow: 'end', label: 'だから' })!;
    expect(id).toMatch(/^c-/);
    expect(readConnectors(doc)).toMatchObject([{ id, from: a, to: b, style: 'dotted', arrow: 'end', label: 'だから' }]);
    expect(relationLines(doc)).toEqual(['坂道が多い → 買い物が大変（だから）']);
  });

  it('refuses a self-link and a missing end; allows a cycle', () => {
    const { doc, a, b } = board();
    expect(connect(doc, a, a)).toBeNull();
    expect(connect(doc, a, 'no-such-note')).toBeNull();
    expect(connect(doc, a, b)).not.toBeNull();
    expect(connect(doc, b, a)).not.toBeNull();
    expect(liveConnectors(doc)).toHaveLength(2);
  });

  it('restyles in one undo step and deletes softly (restorable)', () => {
    const { doc, a, b, c } = board();
    const x = connect(doc, a, b)!;
    const y = connect(doc, b, c)!;
    const undo = new Y.UndoManager(doc.getMap('connectors'), { trackedOrigins: new Set([LOCAL]) });
    restyleConnectors(doc, [x, y], { style: 'bold', arrow: 'both' });
    expect(readConnectors(doc).map((k) => [k.style, k.arrow])).toEqual([
      ['bold', 'both'],
      ['bold', 'both'],
    ]);
    undo.undo();
    expect(readConnectors(doc).map((k) => k.style)).toEqual(['solid', 'solid']);
    deleteConnectors(doc, [x]);
    expect(liveConnectors(doc).map((k) => k.id)).toEqual([y]);
    restoreConnectors(doc, [x]);
    expect(liveConnectors(doc)).toHaveLength(2);
  });

  it('a note in the trash hides its connectors; restoring the note brings them back', () => {
    const { doc, a, b, c } = board();
    connect(doc, a, b);
    connect(doc, b, c);
    deleteItems(doc, [b]);
    expect(liveConnectors(doc)).toEqual([]);
    expect(readConnectors(doc)).toHaveLength(2); // nothing deleted with the note
    restoreItems(doc, [b]);
    expect(liveConnectors(doc)).toHaveLength(2);
  });

  it('a connector whose end vanished (a hard delete) is dropped from view, never throws', () => {
    const { doc, a, b } = board();
    connect(doc, a, b);
    doc.getMap('items').delete(b);
    expect(liveConnectors(doc)).toEqual([]);
    expect(relationLines(doc)).toEqual([]);
  });
});

describe('frames (groups with a rectangle)', () => {
  it('grouping frames the notes; moving the frame moves its notes; resizing keeps a minimum', () => {
    const { doc, a, b, c } = board();
    const g = groupItems(doc, [a, b], '買い物');
    const frame = readGroups(doc).find((x) => x.id === g)!.frame!;
    expect(frame).toEqual({ x: 16, y: 32, w: 488, h: 212 });
    moveGroup(doc, g, 100, 50);
    expect(readGroups(doc).find((x) => x.id === g)!.frame).toMatchObject({ x: 116, y: 82 });
    const pos = new Map(readItems(doc).map((i) => [i.id, [i.x, i.y]]));
    expect(pos.get(a)).toEqual([140, 150]);
    expect(pos.get(b)).toEqual([400, 150]);
    expect(pos.get(c)).toEqual([40, 300]); // not in the frame
    setFrameRect(doc, g, { x: 0, y: 0, w: 10, h: 10 });
    expect(readGroups(doc).find((x) => x.id === g)!.frame).toEqual({ x: 0, y: 0, ...FRAME_MIN });
  });

  it('connects a note to a frame and names the frame in the relations', () => {
    const { doc, a, b, c } = board();
    const g = groupItems(doc, [a, b], '買い物');
    connect(doc, c, g, { arrow: 'both' });
    expect(relationLines(doc)).toEqual(['バスが少ない ↔ ［買い物］']);
  });
});

describe('the JSON backup carries frames, connectors, actions and offers', () => {
  it('round-trips them into a fresh workshop', () => {
    const { doc, a, b } = board();
    const g = groupItems(doc, [a], '買い物');
    connect(doc, a, b, { style: 'bold', arrow: 'both', label: 'つながり' });
    connect(doc, b, g);
    const act = createAction(doc, { title: '見守りの輪', side: 'kyodo', owner: '自治会', sources: [a], checkAt: '2027-04-01' });
    setActionStatus(doc, act, 'jisshi', '月1回の見守りが始まった', '司会');
    offersMap(doc).set('o1', new Y.Map<unknown>([['id', 'o1'], ['text', '話し相手'], ['category', 'mimamori'], ['createdAt', 5]]));
    const backup = JSON.parse(JSON.stringify(buildBackup(doc, undefined, 9))) as ReturnType<typeof buildBackup>;
    expect(validateBackup(backup)).toEqual([]);
    const into = new Y.Doc();
    initWorkshopDoc(into, { title: 'x' }, 1);
    restoreBackup(backup, into, undefined);
    expect(readGroups(into)).toEqual(readGroups(doc));
    expect(readConnectors(into)).toEqual(readConnectors(doc));
    expect(readActions(into)).toEqual(readActions(doc));
    expect(readOffers(into)).toEqual(readOffers(doc));
    // a tampered backup is refused with a clear problem
    expect(validateBackup({ ...backup, connectors: [{ id: 'c', from: 'a', to: 'b', style: 'wavy' }] })).toEqual(['connectors[0]: style must be one of solid, dotted, bold']);
  });
});

describe('relations in the summary (図式化)', () => {
  it('the summary and its CSV list the relations between live notes and frames', () => {
    const { doc, a, b, c } = board();
    connect(doc, a, b, { label: 'だから' });
    connect(doc, b, c);
    deleteItems(doc, [c]);
    const s = buildSummary(readWorkshopData(doc));
    expect(s.relations).toEqual(['坂道が多い → 買い物が大変（だから）']);
    expect(buildSummaryCsv(s)).toContain('【関係（図式化）】\r\n坂道が多い → 買い物が大変（だから）');
  });
});
