import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';

import { addItem, itemsMap, metaMap, setPhase, startVote, CLOSE } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, eventually, joinWorkshop, startServer, waitFor, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { connectWriter, type Writer } from '../helpers/writer.js';

/**
 * A participant's attacks on notes that hostile.test.ts does not try: taking over a note by
 * writing its authorship, hard-deleting its own note, a new note that carries dots, moving its
 * own note into 心配な世帯, touching someone else's note while voting.
 */
let srv: TsunaguServer;
let w: CreatedWorkshop;
let fac: TestClient;
const clients: TestClient[] = [];

beforeAll(async () => {
  srv = await startServer();
  w = await createWorkshop(srv.url);
  fac = connectClient(srv.url, w.id, w.facilitatorToken);
  await fac.synced;
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  fac?.destroy();
  await srv?.close();
});

const serverDoc = () => srv.rooms.loadedRooms.find((r) => r.workshopId === w.id && !r.restricted)!.doc;

async function writer(token: string): Promise<Writer> {
  const c = await connectWriter(srv.url, w.id, token);
  clients.push(c);
  return c;
}

/** A participant with a note of her own (on the server) and someone else's note beside it. */
async function setup(name: string) {
  const token = await joinWorkshop(srv.url, w.joinCode, name, 'jumin');
  const other = addItem(fac.doc, { text: 'よその付箋', category: 'ido', authorId: 'someone-else', authorName: 'よそ', authorRole: 'jumin' });
  const first = await writer(token);
  const own = addItem(first.doc, { text: '自分の付箋', category: 'ido' });
  await eventually(() => itemsMap(serverDoc()).has(own) && itemsMap(serverDoc()).has(other) && itemsMap(first.doc).get(own)?.get('authorName') === name, 5000, 'notes on the server');
  first.destroy();
  return { token, own, other };
}

const CASES: [string, string, (d: Y.Doc, ids: { own: string; other: string }) => void][] = [
  ['takes over someone else’s note by writing its authorId', 'not-allowed', (d, { other }) => itemsMap(d).get(other)!.set('authorId', 'me')],
  ['renames the author of its own note', 'not-allowed', (d, { own }) => itemsMap(d).get(own)!.set('authorName', '市長')],
  ['hard-deletes its own note', 'not-allowed', (d, { own }) => itemsMap(d).delete(own)],
  ['deletes the text of someone else’s note', 'not-allowed', (d, { other }) => (itemsMap(d).get(other)!.get('text') as Y.Text).delete(0, 2)],
  ['creates a note that already carries dots', 'not-allowed', (d) => d.transact(() => itemsMap(d).set('n-dots', new Y.Map<unknown>([['id', 'n-dots'], ['text', new Y.Text('x')], ['category', 'ido'], ['votes', new Y.Map<number>([['me', 5]])]])))],
  ['moves its own note into 心配な世帯', 'restricted-category', (d, { own }) => itemsMap(d).get(own)!.set('category', 'shinpai')],
  ['gives its own note a script colour', 'invalid-value', (d, { own }) => itemsMap(d).get(own)!.set('color', 'red;background:url(//evil.example/x)')],
  ['stores 10,000 characters in its own note’s phone', 'invalid-value', (d, { own }) => itemsMap(d).get(own)!.set('phone', 'x'.repeat(10_000))],
];

describe('a participant’s attacks on notes', () => {
  for (const [what, code, edit] of CASES) {
    test(`refused: ${what} (${code}); a bystander still syncs`, async () => {
      const ids = await setup('いたずら');
      const bystander = connectClient(srv.url, w.id, w.viewerToken);
      clients.push(bystander);
      await bystander.synced;
      const before = JSON.stringify(serverDoc().toJSON());
      const a = await writer(ids.token);
      edit(a.doc, ids);
      expect(await a.closed).toBe(CLOSE.REFUSED);
      expect(a.notices.map((n) => n.notice)).toContain(code);
      expect(JSON.stringify(serverDoc().toJSON())).toBe(before);
      const later = addItem(fac.doc, { text: 'あとの付箋', category: 'ido' });
      await waitFor(bystander.doc, () => itemsMap(bystander.doc).has(later), 5000, 'a later note reaches the bystander');
    });
  }

  test('while voting: someone else’s note is not touched (not even its updatedAt)', async () => {
    const ids = await setup('投票中');
    startVote(fac.doc, 3);
    setPhase(fac.doc, 'vote');
    await eventually(() => metaMap(serverDoc()).get('phase') === 'vote', 5000, 'vote phase');
    const before = itemsMap(serverDoc()).get(ids.other)!.get('updatedAt');
    const a = await writer(ids.token);
    itemsMap(a.doc).get(ids.other)!.set('updatedAt', 1);
    // a fresh client synced after the write was handled: the write is refused by then or never
    const probe = connectClient(srv.url, w.id, w.viewerToken);
    await probe.synced;
    probe.destroy();
    expect(await Promise.race([a.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 150))])).toBe(CLOSE.REFUSED);
    expect(itemsMap(serverDoc()).get(ids.other)!.get('updatedAt')).toBe(before);
    setPhase(fac.doc, 'collect');
    await eventually(() => metaMap(serverDoc()).get('phase') === 'collect', 5000, 'collect phase');
  });
});
