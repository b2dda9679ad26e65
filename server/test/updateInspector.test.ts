import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemsMap, LOCAL } from '@tsunagu/shared';
import { inspectUpdate } from '../src/limits/updateInspector.js';

/** A server doc and a client doc in sync; returns the client's next update without applying it. */
function pair() {
  const server = new Y.Doc();
  const client = new Y.Doc();
  const sync = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  const next = (change: () => void): Uint8Array => {
    let update: Uint8Array | null = null;
    const grab = (u: Uint8Array) => (update = u);
    client.on('update', grab);
    change();
    client.off('update', grab);
    return update!;
  };
  return { server, client, sync, next };
}

const textOf = (doc: Y.Doc, id: string) => itemsMap(doc).get(id)!.get('text') as Y.Text;

describe('inspectUpdate', () => {
  test('a new note: one new item, its text length', () => {
    const { server, client, next } = pair();
    const u = next(() => addItem(client, { text: 'あ'.repeat(120), category: 'sonota' }, { maxText: 1000 }));
    expect(inspectUpdate(server, u)).toEqual({ newItems: 1, textLengths: [120], categories: ['sonota'] });
  });

  test('typing into an existing note counts what is already there', () => {
    const { server, client, sync, next } = pair();
    const id = addItem(client, { text: 'a'.repeat(100), category: 'sonota' });
    sync();
    const u = next(() => client.transact(() => textOf(client, id).insert(50, 'b'.repeat(30)), LOCAL));
    expect(inspectUpdate(server, u)).toEqual({ newItems: 0, textLengths: [130], categories: [] });
  });

  test('replacing a whole text counts the deletion', () => {
    const { server, client, sync, next } = pair();
    const id = addItem(client, { text: 'x'.repeat(400), category: 'sonota' });
    sync();
    const u = next(() =>
      client.transact(() => {
        const t = textOf(client, id);
        t.delete(0, t.length);
        t.insert(0, 'y'.repeat(300));
      }, LOCAL),
    );
    expect(inspectUpdate(server, u).textLengths).toEqual([300]);
  });

  test('several notes in one update, and an update the server already has', () => {
    const { server, client, sync, next } = pair();
    const u = next(() => client.transact(() => {
      for (let i = 0; i < 5; i++) addItem(client, { text: `n${i}`, category: 'sonota' });
    }, LOCAL));
    expect(inspectUpdate(server, u).newItems).toBe(5);
    sync();
    expect(inspectUpdate(server, u)).toEqual({ newItems: 0, textLengths: [], categories: [] });
  });

  test('moving a note adds nothing', () => {
    const { server, client, sync, next } = pair();
    const id = addItem(client, { text: 'メモ', category: 'sonota' });
    sync();
    const u = next(() => client.transact(() => itemsMap(client).get(id)!.set('x', 100), LOCAL));
    expect(inspectUpdate(server, u)).toEqual({ newItems: 0, textLengths: [], categories: [] });
  });

  test('categories written: on a new item, and when an existing key is overwritten (no parentSub on the wire)', () => {
    const { server, client, sync, next } = pair();
    const id = addItem(client, { text: 'メモ', category: 'ido' });
    sync();
    const u = next(() => client.transact(() => itemsMap(client).get(id)!.set('category', 'shinpai'), LOCAL));
    expect(inspectUpdate(server, u).categories).toEqual(['shinpai']);
    // an overwrite of another key is not a category
    const v = next(() => client.transact(() => itemsMap(client).get(id)!.set('column', 'shinpai'), LOCAL));
    expect(inspectUpdate(server, v).categories).toEqual([]);
  });
});
