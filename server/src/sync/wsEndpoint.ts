import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { CLOSE, SYNC_PREFIX, canAccessRestricted, isWorkshopId } from '@tsunagu/shared';
import { tokenFromRequest, type Principal } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { clientAddress } from '../http/clientAddress.js';
import type { Extensions } from '../extensions/extension.js';
import type { Peer } from './room.js';
import { syncStep1StateVector } from './messages.js';
import type { RoomManager } from './roomManager.js';

/** How long the first connection to an unloaded room waits for the client's step 1 before loading anyway. */
const PRESYNC_WAIT_MS = 500;

const PATH = new RegExp(`^${SYNC_PREFIX}/([^/]+)(/staff)?$`);

function reject(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}

const toU8 = (data: RawData): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};

/**
 * The websocket endpoint: `/sync/<id>` (public doc) and `/sync/<id>/staff` (restricted doc).
 * Tokens are checked before the upgrade (401; 403 for /staff without a staff role). The room
 * is loaded before the connection joins it; frames arriving meanwhile are queued.
 */
export class WsEndpoint {
  readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private pingTimer: NodeJS.Timeout;
  accepting = true;
  /** Answer a first client from the stored bytes while the room loads (RoomManager.presync). */
  presync = true;

  constructor(
    private readonly rooms: RoomManager,
    private readonly config: Config,
    private readonly extensions: Extensions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes });
    const alive = new WeakMap<WebSocket, boolean>();
    this.pingTimer = setInterval(() => {
      for (const ws of this.sockets) {
        if (alive.get(ws) === false) {
          ws.close(CLOSE.TIMEOUT, 'ping timeout');
          setTimeout(() => ws.terminate(), 1000).unref();
          continue;
        }
        alive.set(ws, false);
        try {
          ws.ping();
        } catch {
          ws.terminate();
        }
      }
    }, config.pingIntervalMs);
    this.pingTimer.unref();
    this.wss.on('connection', (ws: WebSocket) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
    });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (!this.accepting) return reject(socket, 503, 'server restarting');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = PATH.exec(url.pathname);
    if (!m) return reject(socket, 404, 'unknown websocket path');
    let workshopId: string;
    try {
      workshopId = decodeURIComponent(m[1]!);
    } catch {
      return reject(socket, 400, 'invalid workshop id');
    }
    const restricted = m[2] !== undefined;
    if (!isWorkshopId(workshopId)) return reject(socket, 400, 'invalid workshop id');
    const authenticated = this.extensions.authenticate(workshopId, tokenFromRequest(req, url.searchParams));
    const proceed = (principal: Principal | null) => {
      if (!principal) return reject(socket, 401, 'missing or invalid token');
      if (restricted && !canAccessRestricted(principal.role)) return reject(socket, 403, 'staff only');
      // behind a trusted reverse proxy (TRUST_PROXY), the client's address, not the proxy's
      const ip = clientAddress(req, this.config.trustProxy);
      const refusal = this.extensions.onUpgrade({ ip, principal, restricted });
      if (refusal) return reject(socket, refusal.status, refusal.message);
      if (!this.accepting || socket.destroyed) return reject(socket, 503, 'server restarting');
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.wss.emit('connection', ws, req);
        this.accept(ws, principal, restricted, ip);
      });
    };
    if (authenticated instanceof Promise) {
      authenticated.then(proceed, (err: unknown) => {
        console.error('authentication failed', err);
        reject(socket, 503, 'authentication unavailable');
      });
    } else proceed(authenticated);
  }

  private accept(ws: WebSocket, principal: Principal, restricted: boolean, ip: string): void {
    this.sockets.add(ws);
    ws.binaryType = 'nodebuffer';
    const queue: Uint8Array[] = [];
    let peer: Peer | null = null;
    let release: (() => void) | null = null;
    let closed = false;
    let presynced = false;

    // The first connection to a room that is not loaded: the room loads after its step 1 has
    // been answered from the stored bytes (RoomManager.presync), or at once if the first frame
    // is anything else or does not come within PRESYNC_WAIT_MS.
    const { workshopId } = principal;
    let loading = false;
    const startLoad = () => {
      if (loading) return;
      loading = true;
      clearTimeout(presyncTimer);
      if (!closed) this.openRoom(ws, principal, restricted, ip, queue, presynced, (p, r) => ((peer = p), (release = r)), () => closed);
    };
    const presyncing = this.presync && !this.rooms.isOpen(workshopId, restricted);
    const presyncTimer = presyncing ? setTimeout(startLoad, PRESYNC_WAIT_MS) : undefined;
    const tryPresync = async (frame: Uint8Array) => {
      const sv = this.rooms.isOpen(workshopId, restricted) ? null : syncStep1StateVector(frame);
      let answer: Uint8Array | null = null;
      try {
        answer = sv ? await this.rooms.presync(workshopId, restricted, sv) : null;
      } catch (err) {
        console.error('presync failed; loading the room first', workshopId, err);
      }
      // another connection loaded the room meanwhile: what was read may be behind it
      if (!answer || ws.readyState !== ws.OPEN || loading || this.rooms.isOpen(workshopId, restricted)) return startLoad();
      presynced = true;
      // load once the answer is on its way: the load blocks this thread for a big workshop
      ws.send(answer, { binary: true }, () => startLoad());
    };

    let queuedBytes = 0;
    ws.on('message', (data) => {
      const frame = toU8(data);
      if (peer) {
        const code = this.extensions.onFrame(peer, frame);
        if (code !== null) return peer.close(code, 'limit exceeded');
        peer.receive(frame);
      } else {
        // nothing is checked before the room loads: cap what waits for it
        queuedBytes += frame.byteLength;
        if (queue.length >= this.config.limits.maxQueuedFrames || queuedBytes > this.config.limits.maxMessageBytes) {
          queue.length = 0;
          ws.close(CLOSE.RATE_LIMITED, 'too many messages before the workshop loaded');
          return;
        }
        queue.push(frame);
        if (presyncing && !loading && queue.length === 1) void tryPresync(frame);
      }
    });
    ws.on('close', () => {
      closed = true;
      this.sockets.delete(ws);
      if (peer) {
        peer.leave();
        this.extensions.onDisconnect(peer);
      }
      release?.();
    });
    ws.on('error', () => ws.terminate());

    if (!presyncing) startLoad();
  }

  private openRoom(
    ws: WebSocket,
    principal: Principal,
    restricted: boolean,
    ip: string,
    queue: Uint8Array[],
    presynced: boolean,
    joined: (peer: Peer, release: () => void) => void,
    isClosed: () => boolean,
  ): void {
    this.rooms.open(principal.workshopId, { restricted }).then(
      (handle) => {
        if (isClosed()) return handle.release();
        const peer = handle.room.join(
          {
            send: (d) => {
              if (ws.readyState === ws.OPEN) ws.send(d, { binary: true });
            },
            close: (code, reason) => ws.close(code, reason),
          },
          { role: principal.role, name: principal.name, kind: principal.kind, ip, userId: principal.userId },
        );
        // what the early answer sent is what the room loaded (nothing writes an unloaded room)
        if (presynced) peer.alreadySent = handle.room.persistence.storedStateVector;
        joined(peer, handle.release);
        this.extensions.onConnect(peer, principal);
        for (const frame of queue.splice(0)) {
          if (peer.closed) break;
          const code = this.extensions.onFrame(peer, frame);
          if (code !== null) {
            peer.close(code, 'limit exceeded');
            break;
          }
          peer.receive(frame);
        }
      },
      (err: unknown) => {
        console.error('room load failed', principal.workshopId, err);
        ws.close(CLOSE.LOAD_FAILED, 'could not load workshop');
      },
    );
  }

  /** Close every socket with a code (shutdown). */
  closeAll(code: number, reason: string): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  destroy(): void {
    clearInterval(this.pingTimer);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
