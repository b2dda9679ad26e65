import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addColumn,
  addItem,
  addTime,
  applyColumnTemplate,
  columnAt,
  dotsUsed,
  groupItems,
  initWorkshopDoc,
  LANE_WIDTH,
  LOCAL,
  may,
  pauseTimer,
  placeDot,
  readColumns,
  readGroups,
  readItems,
  readMeta,
  readTimer,
  readVote,
  removeDot,
  renameColumn,
  revealVote,
  setPhase,
  setTimer,
  startTimer,
  startVote,
  timerRemaining,
  voteResults,
  deleteItems,
} from '../src/index.js';

function freshDoc(): Y.Doc {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: 't' }, 1);
  return doc;
}

describe('lanes', () => {
  it('maps a board x to the lane under it', () => {
    const cols = readColumns(freshDoc());
    expect(columnAt(cols, 10)).toBe('pool');
    expect(columnAt(cols, LANE_WIDTH * 1.5)).toBe('gyosei');
    expect(columnAt(cols, LANE_WIDTH * 99)).toBe('kyodo');
    expect(columnAt(cols, -50)).toBe('pool');
  });

  it('renames and appends lanes without moving notes', () => {
    const doc = freshDoc();
    const id = addItem(doc, { text: 'a', category: 'ido', column: 'jumin', x: LANE_WIDTH * 2 + 20, y: 300 });
    expect(renameColumn(doc, 'jumin', '住民ができること')).toBe(true);
    const lane = addColumn(doc, '専門機関につなぐ');
    expect(readColumns(doc).map((c) => c.label)).toContain('住民ができること');
    expect(readColumns(doc).at(-1)!.id).toBe(lane);
    expect(readItems(doc).find((i) => i.id === id)).toMatchObject({ column: 'jumin', x: LANE_WIDTH * 2 + 20, y: 300 });
  });

  it('switching templates keeps notes in their lane, or returns them to the pool at the same height', () => {
    const doc = freshDoc();
    const a = addItem(doc, { text: 'gyosei', category: 'ido', column: 'gyosei', x: LANE_WIDTH + 30, y: 200 });
    const b = addItem(doc, { text: 'kyodo', category: 'ido', column: 'kyodo', x: LANE_WIDTH * 3 + 40, y: 250 });
    expect(applyColumnTemplate(doc, 'sansha')).toBe(true);
    const cols = readColumns(doc).map((c) => c.id);
    expect(cols).toEqual(['pool', 'jumin', 'shakyo', 'gyosei']);
    const items = readItems(doc);
    expect(items.find((i) => i.id === a)).toMatchObject({ column: 'gyosei', x: LANE_WIDTH * 3 + 30, y: 200 });
    expect(items.find((i) => i.id === b)).toMatchObject({ column: 'pool', x: 40, y: 250 });
    expect(applyColumnTemplate(doc, 'nope')).toBe(false);
  });
});

describe('dot voting', () => {
  it('enforces the budget, lets dots be taken back, and sorts results', () => {
    const doc = freshDoc();
    const a = addItem(doc, { text: 'a', category: 'ido' });
    const b = addItem(doc, { text: 'b', category: 'ido' });
    expect(placeDot(doc, a, 'u1')).toBe('no-vote');
    startVote(doc, 3);
    expect(readVote(doc)).toEqual({ budget: 3, active: true, revealed: false });
    expect(placeDot(doc, a, 'u1')).toBe('ok');
    expect(placeDot(doc, b, 'u1')).toBe('ok');
    expect(placeDot(doc, b, 'u1')).toBe('ok');
    expect(placeDot(doc, a, 'u1')).toBe('budget-exhausted');
    expect(dotsUsed(doc, 'u1')).toBe(3);
    expect(placeDot(doc, a, 'u2')).toBe('ok');
    expect(removeDot(doc, b, 'u1')).toBe('ok');
    expect(removeDot(doc, b, 'u2')).toBe('none-to-remove');
    expect(placeDot(doc, a, 'u1')).toBe('ok');
    expect(voteResults(doc).map((r) => [r.item.text, r.total])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    revealVote(doc);
    expect(readVote(doc).revealed).toBe(true);
  });

  it('does not count dots on deleted notes against the budget', () => {
    const doc = freshDoc();
    const a = addItem(doc, { text: 'a', category: 'ido' });
    const b = addItem(doc, { text: 'b', category: 'ido' });
    startVote(doc, 1);
    expect(placeDot(doc, a, 'u1')).toBe('ok');
    deleteItems(doc, [a]);
    expect(placeDot(doc, b, 'u1')).toBe('ok');
    expect(placeDot(doc, a, 'u1')).toBe('no-item');
  });
});

describe('agenda', () => {
  it('enables participant actions per phase; staff always, viewers never', () => {
    const doc = freshDoc();
    expect(readMeta(doc).phase).toBe('collect');
    expect(may('participant', 'collect', 'add')).toBe(true);
    expect(may('participant', 'collect', 'vote')).toBe(false);
    expect(may('participant', 'sort', 'move')).toBe(true);
    expect(may('participant', 'sort', 'add')).toBe(false);
    expect(may('participant', 'vote', 'vote')).toBe(true);
    expect(may('participant', 'summarise', 'move')).toBe(false);
    expect(may('staff', 'summarise', 'move')).toBe(true);
    expect(may('viewer', 'collect', 'add')).toBe(false);
    setPhase(doc, 'vote');
    expect(readMeta(doc).phase).toBe('vote');
  });
});

describe('timer', () => {
  it('sets, starts, pauses and adds a minute on wall-clock time', () => {
    const doc = freshDoc();
    setTimer(doc, 5 * 60_000, 'f', { now: 1000 });
    expect(timerRemaining(readTimer(doc), 1000)).toBe(300_000);
    startTimer(doc, 'f', { now: 1000 });
    expect(timerRemaining(readTimer(doc), 61_000)).toBe(240_000);
    pauseTimer(doc, { now: 61_000 });
    expect(readTimer(doc).running).toBe(false);
    expect(timerRemaining(readTimer(doc), 999_999)).toBe(240_000);
    addTime(doc, 60_000, { now: 70_000 });
    expect(timerRemaining(readTimer(doc), 70_000)).toBe(300_000);
    startTimer(doc, 'f', { now: 100_000 });
    addTime(doc, 60_000, { now: 100_000 });
    expect(timerRemaining(readTimer(doc), 100_000)).toBe(360_000);
    expect(timerRemaining(readTimer(doc), 10_000_000)).toBe(0);
  });
});

describe('groups', () => {
  it('puts notes in a named group with the local origin', () => {
    const doc = freshDoc();
    const a = addItem(doc, { text: 'a', category: 'ido' });
    const b = addItem(doc, { text: 'b', category: 'ido' });
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const g = groupItems(doc, [a, b], '買い物の足');
    expect(origins).toEqual([LOCAL]);
    expect(readGroups(doc)).toEqual([{ id: g, name: '買い物の足', color: '#fff8e1', frame: { x: -24, y: -68, w: 228, h: 212 } }]);
    expect(readItems(doc).every((i) => i.groupId === g)).toBe(true);
  });
});
