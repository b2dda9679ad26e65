import type { WebsocketProvider } from 'y-websocket';

/**
 * y-websocket message type 3, "query awareness" (the server answers with the room's awareness):
 * the whole frame is the type as a varUint, one byte.
 */
const QUERY_AWARENESS_FRAME = new Uint8Array([3]);

export interface LivenessOptions {
  /** How often the socket is checked. */
  checkMs?: number;
  /** Quiet this long → ask the server for something (a query-awareness frame). */
  probeAfterMs?: number;
  /** Nothing heard for this long → the connection is dead. */
  deadAfterMs?: number;
}

/**
 * Notice a dead connection within a few seconds. y-websocket only gives up on a silent socket
 * after 30 s, and a phone whose Wi-Fi drops (or a laptop whose server died) gets no close event
 * for a long time. When nothing has been heard for `probeAfterMs`, this sends one small
 * query-awareness frame (at most once per `probeAfterMs`, so a busy room costs nothing extra);
 * when nothing has been heard for `deadAfterMs`, it calls `onDead` (show 未接続 now) and closes
 * the socket so the provider reconnects. Returns its disposer.
 */
export function watchLiveness(provider: WebsocketProvider, onDead: () => void, opts: LivenessOptions = {}): () => void {
  const { checkMs = 500, probeAfterMs = 2000, deadAfterMs = 4000 } = opts;
  let lastProbe = 0;
  let reported = false;
  const timer = setInterval(() => {
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) {
      reported = false;
      return;
    }
    const now = Date.now();
    const quiet = now - provider.wsLastMessageReceived;
    if (quiet >= deadAfterMs) {
      if (!reported) {
        reported = true;
        onDead();
        ws.close();
      }
      return;
    }
    reported = false;
    if (quiet >= probeAfterMs && now - lastProbe >= probeAfterMs) {
      lastProbe = now;
      ws.send(QUERY_AWARENESS_FRAME);
    }
  }, checkMs);
  return () => clearInterval(timer);
}
