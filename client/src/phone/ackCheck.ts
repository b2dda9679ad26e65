import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MESSAGE_SYNC } from '@tsunagu/shared';

/**
 * Ask the server what it has: open a short websocket to the room, read the server's opening
 * sync step 1 (its state vector), close. The state vector proves which of our changes the
 * server has integrated — a real acknowledgement, not a guess from the connection state.
 * Resolves null when the server cannot be reached within `timeoutMs`.
 */
export function fetchServerStateVector(url: string, timeoutMs = 4000): Promise<Map<number, number> | null> {
  return new Promise((resolve) => {
    let done = false;
    let ws: WebSocket;
    const finish = (sv: Map<number, number> | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        ws.close();
      } catch {
        /* already closed */
      }
      resolve(sv);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    try {
      ws = new WebSocket(url);
    } catch {
      clearTimeout(timer);
      resolve(null);
      return;
    }
    ws.binaryType = 'arraybuffer';
    ws.onerror = () => finish(null);
    ws.onclose = () => finish(null);
    ws.onmessage = (e) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(e.data as ArrayBuffer));
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
        if (decoding.readVarUint(decoder) !== 0) return; // not step 1
        finish(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
      } catch {
        finish(null);
      }
    };
  });
}

/** The clock just after everything this doc has done so far for its own client. */
export function localClock(doc: Y.Doc): { client: number; clock: number } {
  return { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) };
}
