import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';

/**
 * A real y-websocket client in Node (ws polyfill, no BroadcastChannel). Imports nothing of
 * the server, so benchmark client workers can use it too.
 */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the first sync with the server completed. */
  synced: Promise<void>;
  destroy(): void;
}

export function connectYClient(
  wsBase: string,
  room: string,
  token: string | undefined,
  opts: { doc?: Y.Doc; connect?: boolean; maxBackoffTime?: number } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsBase, room, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: opts.connect ?? true,
    maxBackoffTime: opts.maxBackoffTime ?? 300,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (s: boolean) => s && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
