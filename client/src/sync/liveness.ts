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
 * when nothing has been heard for `deadAfterMs`, it calls `onAlive(false)` (show offline now) and
 * closes the socket so the provider reconnects. A socket that opens again is not trusted until a
 * message actually arrives on it (y-websocket says "connected" on open): then `onAlive(true)`.
 * Returns its disposer.
 */
export function watchLiveness(provider: WebsocketProvider, onAlive: (alive: boolean) => void, opts: LivenessOptions = {}): () => void {
  const { checkMs = 500, probeAfterMs = 2000, deadAfterMs = 4000 } = opts;
  let lastProbe = 0;
  let dead = false;
  let socketSeen: WebSocket | null = null;
  let openMark = 0;
  const timer = setInterval(() => {
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
    if (ws !== socketSeen) {
      // y-websocket stamps wsLastMessageReceived when a socket opens: a real message moves it on
      socketSeen = ws;
      openMark = provider.wsLastMessageReceived;
    }
    const now = Date.now();
    const quiet = now - provider.wsLastMessageReceived;
    if (quiet >= deadAfterMs) {
      if (!dead) {
        dead = true;
        onAlive(false);
      }
      ws.close();
      return;
    }
    if (dead && provider.wsLastMessageReceived > openMark) {
      dead = false;
      onAlive(true);
    }
    if (quiet >= probeAfterMs && now - lastProbe >= probeAfterMs) {
      lastProbe = now;
      ws.send(QUERY_AWARENESS_FRAME);
    }
  }, checkMs);
  return () => clearInterval(timer);
}
