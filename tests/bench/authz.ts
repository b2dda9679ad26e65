/**
 * Issue 11: what the server's write checks cost per update. A workshop document with 2,000
 * notes receives the updates a room sends most — a note moved, one
 * character typed, a new note from a phone, a note withdrawn — from a participant and from staff. For each
 * kind: the time to decode the update (Y.decodeUpdate, done for any update anyway), to analyse
 * what it writes (authz/updateWrites.ts) and to decide (authz/policy.ts), against the time Yjs
 * takes to apply it; median and p99 over many repetitions, on documents that are not changed
 * by the measurement (each update is checked against the same state, then applied to a copy).
 */
import * as Y from 'yjs';
import { DEFAULT_LIMITS, addItem, initWorkshopDoc, itemsMap, metaMap, moveItems, newId, setPhase } from '@tsunagu/shared';
import { analyseUpdate } from '../../server/src/authz/updateWrites.js';
import { decide, type Actor } from '../../server/src/authz/policy.js';

interface Row {
  kind: string;
  role: string;
  bytes: number;
  decodeUs: number;
  checkUs: number;
  checkP99Us: number;
  applyUs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;

/** An update made on a copy of `base` by `edit` (the copy's own client, as a phone's). */
function updateFrom(base: Y.Doc, edit: (d: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  let update: Uint8Array | null = null;
  copy.on('update', (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u));
  edit(copy);
  copy.destroy();
  if (!update) throw new Error('edit produced no update');
  return update;
}

export async function runAuthz(opts: { notes: number; reps: number }): Promise<Row[]> {
  const doc = new Y.Doc();
  initWorkshopDoc(doc, { title: 'bench', district: 'bench' }, Date.now());
  const participant: Actor = { role: 'participant', userId: 'u-bench-participant' };
  const staff: Actor = { role: 'staff', userId: 'u-bench-staff' };
  const ids: string[] = [];
  for (let i = 0; i < opts.notes; i++) {
    ids.push(addItem(doc, { text: `意見 ${i} ` + 'あ'.repeat(20), category: 'ido', x: (i % 40) * 200, y: Math.floor(i / 40) * 130, authorId: i % 2 ? participant.userId : 'someone', authorName: 'さくら', authorRole: 'jumin' }));
  }
  setPhase(doc, 'collect');
  const own = ids[1]!;
  const kinds: { kind: string; actor: Actor; update: Uint8Array; phase?: 'collect' | 'sort' }[] = [
    { kind: 'move a note', actor: participant, update: updateFrom(doc, (d) => moveItems(d, [{ id: ids[10]!, x: 123, y: 456, column: 'gyosei' }])) },
    { kind: 'type a character', actor: participant, update: updateFrom(doc, (d) => (itemsMap(d).get(own)!.get('text') as Y.Text).insert(3, '字')) },
    { kind: 'new note (phone)', actor: participant, update: updateFrom(doc, (d) => addItem(d, { id: newId(16), text: '買い物に行けない', category: 'ido', lat: 35.92, lng: 139.48, authorId: participant.userId, authorName: 'さくら', authorRole: 'jumin' })) },
    { kind: 'soft-delete own note', actor: participant, update: updateFrom(doc, (d) => itemsMap(d).get(own)!.set('deletedAt', Date.now())) },
    { kind: 'move a note', actor: staff, update: updateFrom(doc, (d) => moveItems(d, [{ id: ids[30]!, x: 50, y: 60 }])) },
    { kind: 'rename the title', actor: staff, update: updateFrom(doc, (d) => metaMap(d).set('title', '新しい題')) },
  ];
  const rows: Row[] = [];
  for (const k of kinds) {
    setPhase(doc, k.phase ?? 'collect');
    const decode: number[] = [];
    const check: number[] = [];
    const apply: number[] = [];
    for (let r = 0; r < opts.reps; r++) {
      let t = performance.now();
      const decoded = Y.decodeUpdate(k.update);
      decode.push(performance.now() - t);
      t = performance.now();
      const { refusal } = decide({ doc, restricted: false, actor: k.actor, limits: DEFAULT_LIMITS }, analyseUpdate(doc, decoded));
      check.push(performance.now() - t);
      if (refusal) throw new Error(`${k.kind} (${k.actor.role}) refused: ${refusal.detail}`);
    }
    // applying changes the document: measure it on fresh copies (fewer repetitions)
    const state = Y.encodeStateAsUpdate(doc);
    for (let r = 0; r < Math.min(opts.reps, 50); r++) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, state);
      const t = performance.now();
      Y.applyUpdate(copy, k.update);
      apply.push(performance.now() - t);
      copy.destroy();
    }
    rows.push({
      kind: k.kind,
      role: k.actor.role,
      bytes: k.update.byteLength,
      decodeUs: median(decode) * 1000,
      checkUs: median(check) * 1000,
      checkP99Us: p99(check) * 1000,
      applyUs: median(apply) * 1000,
    });
  }
  console.log(`\n## Issue 11 — cost of the server's write checks per update (${opts.notes} notes in the document, ${opts.reps} repetitions)`);
  console.log('| update | role | bytes | decode µs (median) | analyse + decide µs (median) | p99 µs | Y.applyUpdate µs (median) | checks / apply |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.kind} | ${r.role} | ${r.bytes} | ${r.decodeUs.toFixed(1)} | ${r.checkUs.toFixed(1)} | ${r.checkP99Us.toFixed(1)} | ${r.applyUs.toFixed(1)} | ${(r.checkUs / r.applyUs).toFixed(2)}× |`);
  }
  return rows;
}
