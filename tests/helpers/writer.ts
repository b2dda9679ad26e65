import * as decoding from 'lib0/decoding';
import { MESSAGE_AUTH, parseNotice, type Notice } from '@tsunagu/shared';
import { connectClient, type TestClient } from './server.js';

/**
 * A stock y-websocket client that records the notices the server sends it and its first
 * close, after which it stops reconnecting (a refused writer would otherwise resend its
 * refused change on every reconnect). For tests of what the server refuses.
 */
export interface Writer extends TestClient {
  notices: Notice[];
  closed: Promise<number>;
}

export async function connectWriter(base: string, workshopId: string, token: string): Promise<Writer> {
  const c = connectClient(base, workshopId, token);
  const notices: Notice[] = [];
  c.provider.messageHandlers[MESSAGE_AUTH] = (_enc, decoder) => {
    decoding.readVarUint(decoder);
    const n = parseNotice(decoding.readVarString(decoder));
    if (n) notices.push(n);
  };
  const closed = new Promise<number>((resolve) =>
    c.provider.on('connection-close', (ev: CloseEvent | null) => {
      c.provider.shouldConnect = false;
      resolve(ev?.code ?? 0);
    }),
  );
  await c.synced;
  return { ...c, notices, closed };
}

/**
 * 'open' when `w` is still connected after its earlier writes were certainly handled: a fresh
 * client that syncs after them is answered after them (one server thread, in order).
 */
export async function stillOpen(base: string, workshopId: string, viewerToken: string, w: Writer): Promise<'open' | number> {
  const probe = connectClient(base, workshopId, viewerToken);
  await probe.synced;
  probe.destroy();
  return Promise.race([w.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 150))]);
}
