import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { columnsArray, initWorkshopDoc, readColumns } from '@tsunagu/shared';
import { yVersionStore } from '../src/sync/useYVersion.js';

describe('useYVersion store', () => {
  it('sees a change that lands between the render and the subscription (the first sync arriving while the board mounts)', () => {
    const server = new Y.Doc();
    initWorkshopDoc(server, { title: 't', district: 'd' }, 0);
    const client = new Y.Doc();
    const store = yVersionStore(columnsArray(client) as unknown as Y.AbstractType<unknown>);
    // render: the board reads no lanes yet
    const rendered = store.getSnapshot();
    expect(readColumns(client)).toEqual([]);
    // the sync reply lands before React's effect subscribes
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    let notified = 0;
    const unsubscribe = store.subscribe(() => notified++);
    // React compares the snapshot after subscribing: it must differ, so the board re-reads
    expect(store.getSnapshot()).not.toBe(rendered);
    expect(readColumns(client).length).toBeGreaterThan(0);
    // later changes notify the subscriber; after unsubscribing they do not
    columnsArray(client).delete(0, 1);
    expect(notified).toBe(1);
    unsubscribe();
    columnsArray(client).delete(0, 1);
    expect(notified).toBe(1);
  });

  it('gives one counter per type, shared by every reader, and 0 for no type', () => {
    const doc = new Y.Doc();
    const a = yVersionStore(columnsArray(doc) as unknown as Y.AbstractType<unknown>);
    const b = yVersionStore(columnsArray(doc) as unknown as Y.AbstractType<unknown>);
    columnsArray(doc).push([new Y.Map()]);
    expect(a.getSnapshot()).toBe(1);
    expect(b.getSnapshot()).toBe(1);
    expect(yVersionStore(null).getSnapshot()).toBe(0);
  });
});
