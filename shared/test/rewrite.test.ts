import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  areaToYMap,
  areasMap,
  carryOver,
  categoriesArray,
  columnsArray,
  countStructs,
  initWorkshopDoc,
  itemsMap,
  metaMap,
  placeDot,
  readAreas,
  readItems,
  readMeta,
  rewriteHistory,
  setItemText,
  startVote,
  updateItem,
  writerIds,
} from '@tsunagu/shared';

const T0 = Date.UTC(2025, 5, 1);

/** Everything a reader of the model sees, in a stable form. */
function content(doc: Y.Doc) {
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return {
    meta: readMeta(doc),
    metaRaw: metaMap(doc).toJSON(),
    columns: columnsArray(doc).toJSON(),
    categories: categoriesArray(doc).toJSON(),
    items: byId(readItems(doc, { includeDeleted: true })),
    areas: byId(readAreas(doc)),
  };
}

/** A workshop edited many times by several writers: mostly moves, some text and column changes. */
function busyWorkshop(items = 40, rounds = 30): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: '書き換えテスト', district: '中央小学校区' }, T0);
  const ids: string[] = [];
  for (let i = 0; i < items; i++) {
    doc.clientID = 100 + (i % 5);
    ids.push(addItem(doc, { text: `課題 ${i}`, category: 'ido', x: i * 10, y: 0, ...(i % 4 === 0 ? { lat: 35.9 + i / 1000, lng: 139.4 } : {}) }, { now: T0 }));
  }
  startVote(doc, 3, { now: T0 });
  placeDot(doc, ids[0]!, 'voter-1', { now: T0 });
  areasMap(doc).set('area-1', areaToYMap({ id: 'area-1', name: '一丁目', kind: 'chiku', polygon: [[35.9, 139.4], [35.91, 139.4], [35.91, 139.41]] } as never));
  for (let r = 1; r <= rounds; r++) {
    for (let i = 0; i < ids.length; i++) {
      doc.clientID = 100 + ((i + r) % 5);
      const at = { now: T0 + r * 1000 };
      if (r % 10 === 5) setItemText(doc, ids[i]!, `課題 ${i}（${r}回目）`, at);
      else updateItem(doc, ids[i]!, { x: i * 10 + r, y: r }, at);
    }
  }
  return { doc, ids };
}

describe('rewriteHistory', () => {
  test('keeps every value of the model and drops the history', () => {
    const { doc } = busyWorkshop();
    const fresh = rewriteHistory(doc, 999)!;
    expect(fresh).not.toBeNull();
    expect(content(fresh)).toEqual(content(doc));
    // the text stays a Y.Text, votes stay a Y.Map: the model is unchanged
    const first = itemsMap(fresh).values().next().value!;
    expect(first.get('text')).toBeInstanceOf(Y.Text);
    expect(countStructs(fresh) * 5).toBeLessThan(countStructs(doc));
    expect(writerIds(fresh)).toEqual([999]);

    // what the server stores and a client loads is the same content
    const loaded = new Y.Doc();
    Y.applyUpdateV2(loaded, Y.encodeStateAsUpdateV2(fresh));
    expect(content(loaded)).toEqual(content(doc));
  });

  test('refuses a document with a root the model does not know (nothing would be copied faithfully)', () => {
    const { doc } = busyWorkshop(2, 1);
    doc.getText('notes').insert(0, 'メモ');
    expect(rewriteHistory(doc, 1)).toBeNull();
  });
});

describe('carryOver after a reload', () => {
  function offlineDevice() {
    const { doc: server, ids } = busyWorkshop(6, 3);
    // a phone had synced everything, then went offline
    const phone = new Y.Doc();
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(server));
    phone.clientID = 4242;
    // meanwhile the server rewrote its history; other people keep working on the new one
    const rewritten = rewriteHistory(server, 7)!;
    return { server: rewritten, phone, ids };
  }

  test('brings over notes created and edited offline, not what the server changed later', () => {
    const { server, phone, ids } = offlineDevice();
    const created = addItem(phone, { text: 'オフラインで書いた付箋', category: 'mimamori', x: 1, y: 1 }, { now: T0 + 100_000 });
    setItemText(phone, ids[1]!, '電車で直した文', { now: T0 + 100_000 });
    // someone else edited note 2 on the server after the phone's offline edit of it
    updateItem(phone, ids[2]!, { column: 'jumin' }, { now: T0 + 100_000 });
    updateItem(server, ids[2]!, { column: 'gyosei' }, { now: T0 + 200_000 });

    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
    expect(carryOver(phone, fresh)).toBe(2);

    const byId = new Map(readItems(fresh).map((i) => [i.id, i]));
    expect(byId.get(created)?.text).toBe('オフラインで書いた付箋');
    expect(byId.get(ids[1]!)?.text).toBe('電車で直した文');
    expect(byId.get(ids[2]!)?.column).toBe('gyosei');
    // and the server takes it as ordinary updates
    Y.applyUpdate(server, Y.encodeStateAsUpdate(fresh, Y.encodeStateVector(server)));
    expect(readItems(server).find((i) => i.id === created)?.text).toBe('オフラインで書いた付箋');
  });

  test('a device with nothing new carries nothing over', () => {
    const { server, phone } = offlineDevice();
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(fresh);
    expect(carryOver(phone, fresh)).toBe(0);
    expect(Y.encodeStateVector(fresh)).toEqual(before);
  });
});
