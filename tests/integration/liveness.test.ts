import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { CLOSE } from '@tsunagu/shared';
import type { TsunaguServer } from '@tsunagu/server';
import { connectClient, createWorkshop, eventually, joinWorkshop, startServer, type TestClient } from '../helpers/server.js';

let srv: TsunaguServer | null = null;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await srv?.close();
  srv = null;
});

describe('liveness', () => {
  test('a connection that stops answering pings is closed with 4000; a healthy one stays', async () => {
    srv = await startServer({ pingIntervalMs: 100 });
    const w = await createWorkshop(srv.url);
    const healthy = connectClient(srv.url, w.id, w.facilitatorToken);
    clients.push(healthy);
    await healthy.synced;
    const url = `${srv.url.replace('http', 'ws')}/sync/${w.id}?token=${await joinWorkshop(srv.url, w.joinCode)}`;
    const silent = new WebSocket(url, { autoPong: false });
    const code = await new Promise<number>((resolve) => silent.on('close', (c) => resolve(c)));
    expect(code).toBe(CLOSE.TIMEOUT);
    expect(healthy.provider.wsconnected).toBe(true);
  });

  test('closed sockets leave the room: peers and their presence are removed', async () => {
    srv = await startServer();
    const w = await createWorkshop(srv.url);
    const a = connectClient(srv.url, w.id, w.facilitatorToken);
    const b = connectClient(srv.url, w.id, await joinWorkshop(srv.url, w.joinCode));
    clients.push(a);
    await Promise.all([a.synced, b.synced]);
    b.provider.awareness.setLocalStateField('user', { id: 'b', name: 'B', role: 'jumin', color: '#123456' });
    await eventually(() => a.provider.awareness.getStates().has(b.doc.clientID), 5000, 'presence of B on A');
    const room = srv.rooms.loadedRooms.find((r) => r.workshopId === w.id)!;
    expect(room.peers.size).toBe(2);
    // an abrupt end, no goodbye: the socket is destroyed
    (b.provider.ws as unknown as { terminate?: () => void } | null)?.terminate?.();
    b.provider.shouldConnect = false;
    await eventually(() => room.peers.size === 1, 5000, 'peer removed');
    await eventually(() => !a.provider.awareness.getStates().has(b.doc.clientID), 5000, 'presence of B removed on A');
    b.destroy();
  });
});
