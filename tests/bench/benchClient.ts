/**
 * Lightweight real y-websocket clients for the benchmarks (Node: ws polyfill, no
 * BroadcastChannel), shared by the writer (bench process) and the receivers (client workers).
 *
 * The measured update: the writer moves one note with `updateItem` (a real command), putting
 * the sequence number in `x` and its send time (epoch ms, sub-millisecond) in `updatedAt` —
 * a value the server's checks accept (a board coordinate is bounded to ±1e7). Receivers
 * compute arrival − send time; both clocks are `performance.timeOrigin + performance.now()`,
 * comparable across processes on one machine.
 */
import * as Y from 'yjs';
import { connectYClient, type TestClient } from '../helpers/yClient.js';
import { addItem, itemsMap, readItems, updateItem, LOCAL } from '@tsunagu/shared';

// Every WebsocketProvider adds a process 'exit' listener in Node; hundreds are expected here.
process.setMaxListeners(0);

export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface ClientSpec {
  /** ws://host:port/sync for ours, ws://host:port for the reference. */
  wsBase: string;
  room: string;
  token?: string | undefined;
}

export type BenchClient = TestClient;

/** Every note as a reader sees it, in a stable order: to compare two documents' content. */
export const contentDigest = (doc: Y.Doc): string => JSON.stringify(readItems(doc, { includeDeleted: true }).sort((x, y) => x.id.localeCompare(y.id)));

export function connectBenchClient(spec: ClientSpec): BenchClient {
  return connectYClient(spec.wsBase, spec.room, spec.token, { maxBackoffTime: 500 });
}

/** The note every benchmark update moves (id fixed so receivers need no discovery). */
export const BENCH_ITEM = 'bench-note-1';

/** Writer side: create the note once (idempotent), then `send(seq)` moves it. */
export function makeWriter(client: BenchClient): { send(seq: number): void } {
  if (!itemsMap(client.doc).has(BENCH_ITEM)) {
    addItem(client.doc, { id: BENCH_ITEM, text: 'ベンチマーク', category: 'mimamori', x: 0, y: 0 }, { origin: LOCAL });
  }
  return { send: (seq) => void updateItem(client.doc, BENCH_ITEM, { x: seq, y: seq % 1000 }, { origin: LOCAL, now: nowMs() }) };
}

/**
 * Receiver side: call `onArrival(seq, latencyMs)` for every move of the bench note that
 * arrives from the server. Returns the disposer.
 */
export function watchArrivals(doc: Y.Doc, onArrival: (seq: number, latencyMs: number) => void): () => void {
  const observer = (events: Y.YEvent<any>[]) => {
    const now = nowMs();
    for (const e of events) {
      if (!(e instanceof Y.YMapEvent) || !(e.target instanceof Y.Map) || !e.keysChanged.has('updatedAt')) continue;
      const seq = e.target.get('x');
      const sent = e.target.get('updatedAt');
      if (typeof seq === 'number' && typeof sent === 'number' && seq > 0) onArrival(seq, now - sent);
    }
  };
  const items = itemsMap(doc);
  items.observeDeep(observer);
  return () => items.unobserveDeep(observer);
}
