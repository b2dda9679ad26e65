import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addItem, notesOverlap, readItems, slotForNewNote, slotPosition } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, joinWorkshop, startServer, waitFor, type TestClient } from '../helpers/server.js';

let srv: TsunaguServer;
const clients: TestClient[] = [];
const track = (c: TestClient) => (clients.push(c), c);

beforeEach(async () => {
  srv = await startServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv.close();
});

const overlapping = (doc: Y.Doc): number => {
  const items = readItems(doc);
  let n = 0;
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) if (notesOverlap(items[i]!, items[j]!)) n++;
  return n;
};

describe('auto-placement on the server', () => {
  test('phones that add a note into the same free slot at the same moment end up side by side, on every copy', async () => {
    const w = await createWorkshop(srv.url);
    const phones = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, `p${i}`, 'jumin')))),
    );
    const facilitator = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await Promise.all([...phones, facilitator].map((c) => c.synced));
    // every phone computes the same slot on its own copy, then all send at once
    const slots = phones.map((p) => slotForNewNote(p.doc, 'pool'));
    expect(new Set(slots.map((s) => `${s.x},${s.y}`)).size).toBe(1);
    phones.forEach((p, i) => addItem(p.doc, { text: `同時に${i}`, category: 'ido', column: 'pool', x: slots[i]!.x, y: slots[i]!.y }));
    for (const c of [facilitator, ...phones]) {
      await waitFor(c.doc, () => readItems(c.doc).length === 6 && overlapping(c.doc) === 0, 10_000, 'six notes apart');
    }
    // they fill the lane's first six slots, in reading order
    const taken = new Set(readItems(facilitator.doc).map((n) => `${n.x},${n.y}`));
    for (let k = 0; k < 6; k++) expect(taken.has(`${slotPosition(0, k).x},${slotPosition(0, k).y}`)).toBe(true);
  });

  test('a note that lands on no other note is left where its author put it; the server never moves its own writes twice', async () => {
    const w = await createWorkshop(srv.url);
    const a = track(connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode, 'A', 'jumin')));
    const b = track(connectClient(srv.url, w.id, w.facilitatorToken));
    await Promise.all([a.synced, b.synced]);
    const id = addItem(a.doc, { text: 'ここ', category: 'ido', column: 'pool', x: 33, y: 700 });
    await waitFor(b.doc, () => readItems(b.doc).some((n) => n.id === id), 5000, 'note on B');
    const clash = addItem(a.doc, { text: '重なる', category: 'ido', column: 'pool', x: 40, y: 710 });
    await waitFor(a.doc, () => overlapping(a.doc) === 0, 5000, 'moved apart');
    const placed = readItems(a.doc);
    expect(placed.find((n) => n.id === id)).toMatchObject({ x: 33, y: 700 });
    expect(placed.find((n) => n.id === clash)).toMatchObject({ x: slotPosition(0, 0).x, y: slotPosition(0, 0).y });
  });
});
