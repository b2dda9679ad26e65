import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE, type Role, canWrite } from '@tsunagu/shared';
import type { RoomPersistence } from '../persistence/roomPersistence.js';
import { HistoryRewrittenError, encodeAwarenessMessage, encodeSyncStep1, encodeUpdateMessage, handleFrame, type DecodedUpdate } from './messages.js';

/** The minimal socket a room needs: tests can pass an in-memory pair. */
export interface SyncSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface PeerInfo {
  role: Role;
  name: string;
  kind: string;
  ip: string;
  /** Principal.userId: the author id and voter id the server allows this connection. */
  userId: string;
}

/** One connection's membership in a room. Its identity is also its transaction origin. */
export class Peer {
  readonly origin: { kind: 'remote'; detail: string; peer: Peer };
  /** Awareness client ids this connection controls (removed when it leaves). */
  readonly awarenessIds = new Set<number>();
  closed = false;
  droppedWrites = 0;
  /** State sent before the room loaded (RoomManager.presync), until the peer's step 1 is answered. */
  alreadySent: Map<number, number> | null = null;
  private readonly takeAlreadySent = (): Map<number, number> | null => {
    const sent = this.alreadySent;
    this.alreadySent = null;
    return sent;
  };

  constructor(
    readonly room: Room,
    readonly socket: SyncSocket,
    readonly info: PeerInfo,
    readonly id: string,
  ) {
    this.origin = { kind: 'remote', detail: id, peer: this };
  }

  /** Handle one inbound frame; a malformed frame closes this connection only. */
  receive(frame: Uint8Array): void {
    if (this.closed) return;
    try {
      const reply = handleFrame(frame, {
        doc: this.room.doc,
        awareness: this.room.awareness,
        canWrite: canWrite(this.info.role),
        origin: this.origin,
        checkUpdate: this.room.checkUpdate ? (u, d) => this.room.checkUpdate!(u, this, d) : undefined,
        onRefused: (reason) => {
          this.droppedWrites++;
          this.room.onRefused?.(this, reason);
        },
        retired: this.room.persistence.retiredClients,
        takeAlreadySent: this.takeAlreadySent,
      });
      if (reply) this.socket.send(reply);
    } catch (err) {
      if (err instanceof HistoryRewrittenError) return this.close(CLOSE.HISTORY_REWRITTEN, err.message);
      this.room.onMalformed?.(this, err as Error);
      this.close(CLOSE.MALFORMED, (err as Error).message.slice(0, 100));
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.leave();
    try {
      this.socket.close(code, reason);
    } catch {
      // socket already gone
    }
  }

  /** Remove from the room (socket closed by the other side or by us). */
  leave(): void {
    if (this.closed) return;
    this.closed = true;
    this.room.remove(this);
  }
}

export interface RoomHooks {
  /** Decide whether an update from a peer may be applied (limits). Return a reason to refuse. */
  checkUpdate?: (update: Uint8Array, peer: Peer, decoded?: DecodedUpdate) => string | null;
  onRefused?: (peer: Peer, reason: string) => void;
  onMalformed?: (peer: Peer, err: Error) => void;
  /** Called after every applied update (any origin). */
  onUpdate?: (room: Room, update: Uint8Array, origin: unknown) => void;
  /** Called when the last peer leaves. */
  onEmpty?: (room: Room) => void;
}

/**
 * One synced document (a workshop's public doc or its restricted doc) with its awareness,
 * peers and persistence. Created loaded: the RoomManager loads storage before constructing
 * peers, so the first sync reply already holds the stored state.
 */
export class Room implements RoomHooks {
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  checkUpdate?: RoomHooks['checkUpdate'];
  onRefused?: RoomHooks['onRefused'];
  onMalformed?: RoomHooks['onMalformed'];
  private nextPeer = 1;
  private readonly disposers: (() => void)[] = [];
  updatesApplied = 0;
  lastActivityAt = Date.now();

  constructor(
    readonly name: string,
    readonly workshopId: string,
    readonly restricted: boolean,
    readonly doc: Y.Doc,
    readonly persistence: RoomPersistence,
    private readonly hooks: RoomHooks = {},
  ) {
    this.checkUpdate = hooks.checkUpdate;
    this.onRefused = hooks.onRefused;
    this.onMalformed = hooks.onMalformed;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server has no presence of its own

    const onUpdate = (update: Uint8Array, origin: unknown) => {
      this.updatesApplied++;
      this.lastActivityAt = Date.now();
      this.persistence.push(update);
      const message = encodeUpdateMessage(update);
      const from = (origin as { peer?: Peer } | null)?.peer;
      for (const p of this.peers) if (p !== from) p.socket.send(message);
      this.hooks.onUpdate?.(this, update, origin);
    };
    doc.on('update', onUpdate);
    this.disposers.push(() => doc.off('update', onUpdate));

    const onAwareness = (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      const changed = added.concat(updated, removed);
      const peer = (origin as { peer?: Peer } | null)?.peer;
      if (peer) {
        for (const id of added) peer.awarenessIds.add(id);
        for (const id of removed) peer.awarenessIds.delete(id);
      }
      if (changed.length === 0) return;
      const message = encodeAwarenessMessage(this.awareness, changed);
      for (const p of this.peers) p.socket.send(message);
    };
    this.awareness.on('update', onAwareness);
    this.disposers.push(() => this.awareness.off('update', onAwareness));
  }

  /** Add a connection: it is sent step1 and the current presence at once. */
  join(socket: SyncSocket, info: PeerInfo): Peer {
    const peer = new Peer(this, socket, info, `${this.name}#${this.nextPeer++}`);
    this.peers.add(peer);
    socket.send(encodeSyncStep1(this.doc));
    const states = Array.from(this.awareness.getStates().keys());
    if (states.length > 0) socket.send(encodeAwarenessMessage(this.awareness, states));
    return peer;
  }

  remove(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(peer.awarenessIds), null);
    }
    if (this.peers.size === 0) this.hooks.onEmpty?.(this);
  }

  /** Close every connection with a code (shutdown, unload). */
  closeAll(code: number, reason: string): void {
    for (const p of Array.from(this.peers)) p.close(code, reason);
  }

  destroy(): void {
    for (const d of this.disposers.splice(0)) d();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
