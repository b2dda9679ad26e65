import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE, type Role, canWrite } from '@tsunagu/shared';
import { analyseUpdate, type UpdateWrites } from '../authz/updateWrites.js';
import type { ApplyContext, Extensions, PresenceContext, PresenceEntry, Refusal } from '../extensions/extension.js';
import { encodeNotice, makeNotice } from '../limits/notice.js';
import { STORED_ORIGIN, type RoomPersistence } from '../persistence/roomPersistence.js';
import {
  HistoryRewrittenError,
  MalformedMessageError,
  decodeAwarenessUpdate,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeUpdateMessage,
  handleFrame,
  type DecodedUpdate,
  type MessageContext,
} from './messages.js';

/**
 * Transaction origin of an update or presence change relayed from another instance (REDIS_URL):
 * the room sends it to its own connections only; the instance it came from stores it.
 */
export const RELAY_ORIGIN = Object.freeze({ kind: 'server', detail: 'relay' });

/** Where a room sends what changed on this instance, for the other instances (cluster/redisRelay.ts). */
export interface RoomRelay {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
}

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

/** Updates held for a connection's step 2 (see Peer.held), at most, and for at most HOLD_MS. */
const MAX_HELD = 16;
const MAX_HELD_BYTES = 256 * 1024;
export const HOLD_MS = 2000;

/** One connection's membership in a room. Its identity is also its transaction origin. */
export class Peer {
  readonly origin: { kind: 'remote'; detail: string; peer: Peer };
  /** Awareness client ids this connection controls (removed when it leaves). */
  readonly awarenessIds = new Set<number>();
  /** The awareness client id this connection speaks for (its first one); others are dropped. */
  presenceId: number | null = null;
  closed = false;
  droppedWrites = 0;
  /** State sent before the room loaded (RoomManager.presync), until the peer's step 1 is answered. */
  alreadySent: Map<number, number> | null = null;
  /** Frames waiting behind an asynchronous check, in order. */
  private waiting: Uint8Array[] | null = null;
  /** Whether this connection has sent its sync step 2 (what it has that the server lacks). */
  private step2Seen = false;
  /**
   * Updates that arrived before the connection's step 2 and depend on it: a client that edited
   * offline and types again the moment it reconnects sends that edit before it has answered
   * the server's step 1. Held here (bounded), outside the document, and retried once the step 2
   * is in; any other update with a gap is refused (see authz/updateWrites.ts).
   */
  private held: { update: Uint8Array; decoded: DecodedUpdate }[] = [];
  private heldBytes = 0;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ctx: MessageContext;

  constructor(
    readonly room: Room,
    readonly socket: SyncSocket,
    readonly info: PeerInfo,
    readonly id: string,
  ) {
    this.origin = { kind: 'remote', detail: id, peer: this };
    const persistence = room.persistence;
    this.ctx = {
      doc: room.doc,
      awareness: room.awareness,
      receiveUpdate: (update, decoded, step2) => this.receiveUpdate(update, decoded, step2),
      receivePresence: (payload) => this.receivePresence(payload),
      get retired() {
        return persistence.retiredClients;
      },
      takeAlreadySent: () => {
        const sent = this.alreadySent;
        this.alreadySent = null;
        return sent;
      },
    };
  }

  /** Handle one inbound frame; a malformed frame closes this connection only. */
  receive(frame: Uint8Array): void {
    if (this.closed) return;
    if (this.waiting) {
      this.waiting.push(frame);
      return;
    }
    try {
      const { reply, pending } = handleFrame(frame, this.ctx);
      if (reply) this.socket.send(reply);
      if (pending) {
        this.waiting = [];
        pending.then(
          () => this.resume(),
          (err: unknown) => this.fail(err),
        );
      }
    } catch (err) {
      this.fail(err);
    }
  }

  private resume(): void {
    const frames = this.waiting ?? [];
    this.waiting = null;
    for (let i = 0; i < frames.length; i++) {
      if (this.closed) return;
      this.receive(frames[i]!);
      if (this.waiting) {
        // another asynchronous check: the rest waits behind it, in order
        (this.waiting as Uint8Array[]).push(...frames.slice(i + 1));
        return;
      }
    }
  }

  private fail(err: unknown): void {
    if (err instanceof HistoryRewrittenError) return this.close(CLOSE.HISTORY_REWRITTEN, err.message);
    if (!(err instanceof MalformedMessageError)) console.error(`[peer ${this.id}] frame failed:`, err);
    this.room.extensions.onMalformed(this, err as Error);
    this.close(CLOSE.MALFORMED, String((err as Error).message ?? err).slice(0, 100));
  }

  private receiveUpdate(update: Uint8Array, decoded: DecodedUpdate, step2: boolean): void | Promise<void> {
    if (!canWrite(this.info.role)) return this.refuse({ code: 'read-only' });
    const ctx = new UpdateCheck(this, update, decoded);
    const gap = ctx.writes().gap;
    if (gap) {
      if (!this.step2Seen && !step2 && this.held.length < MAX_HELD && this.heldBytes + update.byteLength <= MAX_HELD_BYTES) {
        this.held.push({ update, decoded });
        this.heldBytes += update.byteLength;
        // a real client answers the server's step 1 at once; one that never does is refused
        this.holdTimer ??= setTimeout(() => this.close(CLOSE.MALFORMED, `update cannot be integrated: ${gap}`), HOLD_MS);
        return;
      }
      throw new MalformedMessageError(`update cannot be integrated: ${gap}`);
    }
    const refusal = this.room.extensions.beforeApply(ctx);
    if (refusal instanceof Promise) return refusal.then((r) => this.apply(ctx, r, step2));
    this.apply(ctx, refusal, step2);
  }

  private apply(ctx: UpdateCheck, refusal: Refusal | null, step2: boolean): void | Promise<void> {
    if (this.closed) return;
    if (refusal) return this.refuse(refusal);
    const doc = this.room.doc;
    Y.applyUpdate(doc, ctx.update, this.origin);
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      // the checks refuse gaps before this; never keep a peer's pending structs around
      doc.store.pendingStructs = null;
      doc.store.pendingDs = null;
      this.close(CLOSE.MALFORMED, 'update depends on structs the server does not have');
      return;
    }
    ctx.runAfter();
    if (step2 && !this.step2Seen) {
      this.step2Seen = true;
      return this.replayHeld();
    }
  }

  /** Retry the updates held for the step 2, in order (a gap now closes the connection). */
  private replayHeld(): void | Promise<void> {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (let i = 0; i < held.length; i++) {
      if (this.closed) return;
      const r = this.receiveUpdate(held[i]!.update, held[i]!.decoded, false);
      if (r instanceof Promise) {
        const rest = held.slice(i + 1);
        return r.then(() => rest.reduce<Promise<void>>((p, h) => p.then(() => (this.closed ? undefined : this.receiveUpdate(h.update, h.decoded, false))), Promise.resolve()));
      }
    }
  }

  /** Drop a write; anything but a viewer's read-only write sends a notice and closes (the client reloads). */
  refuse(refusal: Refusal): void {
    this.droppedWrites++;
    this.room.extensions.onRefused(this, refusal);
    if (refusal.code === 'read-only') return;
    this.socket.send(encodeNotice(makeNotice(refusal.code, refusal.limit)));
    this.close(refusal.close ?? CLOSE.REFUSED, refusal.code);
  }

  private receivePresence(payload: Uint8Array): void | Promise<void> {
    const entries: PresenceEntry[] = decodeAwarenessUpdate(payload).map((e) => {
      let state: Record<string, unknown> | null = null;
      try {
        const v = JSON.parse(e.json) as unknown;
        state = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        throw new MalformedMessageError('awareness state is not JSON');
      }
      return { clientId: e.clientId, clock: e.clock, state, size: e.json.length };
    });
    const ctx: PresenceContext = { peer: this, room: this.room, entries };
    const done = () => {
      if (this.closed) return;
      const kept = entries.filter((e) => !e.drop);
      if (kept.length === 0) return;
      const update = encodeAwarenessUpdate(kept.map((e) => ({ clientId: e.clientId, clock: e.clock, json: JSON.stringify(e.state) })));
      awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, this.origin);
    };
    const r = this.room.extensions.beforePresence(ctx);
    if (r instanceof Promise) return r.then(done);
    done();
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
    this.waiting = null;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.held = [];
    this.room.remove(this);
  }
}

/** The ApplyContext of one incoming update. */
class UpdateCheck implements ApplyContext {
  private analysed: UpdateWrites | null = null;
  private readonly afterFns: (() => void)[] = [];
  readonly room: Room;

  constructor(
    readonly peer: Peer,
    readonly update: Uint8Array,
    readonly decoded: DecodedUpdate,
  ) {
    this.room = peer.room;
  }

  writes(): UpdateWrites {
    return (this.analysed ??= analyseUpdate(this.room.doc, this.decoded));
  }

  after(fn: () => void): void {
    this.afterFns.push(fn);
  }

  runAfter(): void {
    for (const fn of this.afterFns) {
      try {
        fn();
      } catch (err) {
        console.error('[room] after-apply step failed:', err);
      }
    }
  }
}

/**
 * One synced document (a workshop's public doc or its restricted doc) with its awareness,
 * peers and persistence. Created loaded: the RoomManager loads storage before constructing
 * peers, so the first sync reply already holds the stored state.
 */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  private nextPeer = 1;
  private readonly disposers: (() => void)[] = [];
  updatesApplied = 0;
  lastActivityAt = Date.now();
  /** Set with several instances: local changes go to the other instances through it. */
  relay: RoomRelay | null = null;

  constructor(
    readonly name: string,
    readonly workshopId: string,
    readonly restricted: boolean,
    readonly doc: Y.Doc,
    readonly persistence: RoomPersistence,
    readonly extensions: Extensions,
    /** Told when the last connection leaves (the RoomManager schedules the unload). */
    private readonly onEmptied: (room: Room) => void = () => {},
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server has no presence of its own

    const onUpdate = (update: Uint8Array, origin: unknown) => {
      this.updatesApplied++;
      this.lastActivityAt = Date.now();
      // relayed: stored by the instance it came from; read back from the store: stored already
      if (origin !== RELAY_ORIGIN && origin !== STORED_ORIGIN) {
        this.persistence.push(update);
        this.relay?.update(update);
      }
      const message = encodeUpdateMessage(update);
      const from = (origin as { peer?: Peer } | null)?.peer;
      for (const p of this.peers) if (p !== from) p.socket.send(message);
      this.extensions.onChange(this, update, origin);
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
      if (origin !== RELAY_ORIGIN && this.relay) this.relay.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
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
    if (this.peers.size === 0) this.onEmptied(this);
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
