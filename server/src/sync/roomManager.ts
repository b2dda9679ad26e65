import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { initRestrictedDoc, migrate, syncRoomName } from '@tsunagu/shared';
import { RELAY_AWARENESS, RELAY_HELLO, RELAY_UPDATE, type RedisRelay, type RelayType } from '../cluster/redisRelay.js';
import type { Config } from '../config.js';
import { RoomPersistence } from '../persistence/roomPersistence.js';
import { WriteScheduler } from '../persistence/writeScheduler.js';
import type { AsyncStore } from '../store/asyncStore.js';
import { encodeSyncStep2Message } from './messages.js';
import type { Extensions } from '../extensions/extension.js';
import { RELAY_ORIGIN, Room } from './room.js';

export interface RoomHandle {
  room: Room;
  doc: Y.Doc;
  /** Give the room back; it may unload once nobody holds it and it is saved. */
  release(): void;
}

interface Entry {
  loading: Promise<Room>;
  room: Room | null;
  refs: number;
  unloadTimer: NodeJS.Timeout | null;
}

/**
 * Owns every loaded room of one server instance (no module-level state). A room is loaded
 * from the store exactly once, migrated, and only then handed to connections, so the first
 * sync reply already contains the stored document.
 */
export class RoomManager {
  private readonly entries = new Map<string, Entry>();
  /** Rooms whose unload is waiting on the store. */
  private readonly unloading = new Map<string, Promise<boolean>>();
  /** One write transaction per batch window for all rooms. */
  private readonly scheduler: WriteScheduler;

  constructor(
    private readonly store: AsyncStore,
    private readonly config: Config,
    /** The server's extension list: every room runs it (limits, authorisation, versions, metrics …). */
    readonly extensions: Extensions,
    /** Several instances (REDIS_URL): rooms relay through it, and are maintained by one instance at a time. */
    readonly relay: RedisRelay | null = null,
  ) {
    this.scheduler = new WriteScheduler(store, config.batchMs);
    // messages published while Redis was away are lost: every room asks the others again
    relay?.onReconnect(() => {
      for (const room of this.loadedRooms) this.hello(room, relay);
    });
  }

  get loadedRooms(): Room[] {
    return Array.from(this.entries.values())
      .map((e) => e.room)
      .filter((r): r is Room => r !== null);
  }

  async open(workshopId: string, opts: { restricted?: boolean } = {}): Promise<RoomHandle> {
    const restricted = opts.restricted ?? false;
    const name = syncRoomName(workshopId, restricted);
    const unloading = this.unloading.get(name);
    if (unloading) await unloading.catch(() => false);
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { loading: this.load(name, workshopId, restricted), room: null, refs: 0, unloadTimer: null };
      this.entries.set(name, entry);
      const e = entry;
      entry.loading.then(
        (room) => (e.room = room),
        () => this.entries.delete(name),
      );
    }
    entry.refs++;
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    let room: Room;
    try {
      room = await entry.loading;
    } catch (err) {
      entry.refs--;
      throw err;
    }
    let released = false;
    const e = entry;
    return {
      room,
      doc: room.doc,
      release: () => {
        if (released) return;
        released = true;
        e.refs--;
        this.maybeScheduleUnload(name);
      },
    };
  }

  /** Whether a room is loaded or loading. */
  isOpen(workshopId: string, restricted: boolean): boolean {
    return this.entries.has(syncRoomName(workshopId, restricted));
  }

  /**
   * The answer to a first client's sync step 1 for a room that is not loaded yet, straight
   * from the stored bytes: the stored state minus what the client has, as a y-websocket step 2
   * message. The server then loads the room while the client applies this, instead of the
   * client waiting for the load, the encoding and the transfer one after the other. The state
   * comes as one V1 update cached at the room's last final save (cacheSyncState), else from
   * merging and converting the snapshot and log. After the load the same step 1 is answered
   * again with only what lies beyond (Peer.alreadySent). Null when there is nothing stored, or
   * the client holds history the server rewrote (it must reload: the normal path closes it
   * with HISTORY_REWRITTEN after the load).
   */
  async presync(workshopId: string, restricted: boolean, clientStateVector: Uint8Array): Promise<Uint8Array | null> {
    const stored = await this.store.loadDoc(syncRoomName(workshopId, restricted));
    if (!stored.snapshot && stored.updates.length === 0) return null;
    const clients = Y.decodeStateVector(clientStateVector);
    if (stored.retiredClients.some((c) => clients.has(c))) return null;
    let update: Uint8Array;
    if (stored.syncState) update = clients.size > 0 ? Y.diffUpdate(stored.syncState, clientStateVector) : stored.syncState;
    else {
      // no cached V1 state (a crash left a log, or an older server saved it): merge and convert
      const parts = stored.updates.map((u) => Y.convertUpdateFormatV1ToV2(u));
      if (stored.snapshot) parts.unshift(stored.snapshot);
      const merged = parts.length === 1 ? parts[0]! : Y.mergeUpdatesV2(parts);
      update = Y.convertUpdateFormatV2ToV1(clients.size > 0 ? Y.diffUpdateV2(merged, clientStateVector) : merged);
    }
    return encodeSyncStep2Message(update);
  }

  /**
   * Load a room. With several instances: subscribe to its channel first (messages that arrive
   * during the load wait and are applied after it), load and migrate under the room's lock
   * (one instance migrates and stores the result; the next one loads it migrated), then say
   * HELLO so the others send what this instance's read of the store missed.
   */
  private async load(name: string, workshopId: string, restricted: boolean): Promise<Room> {
    const relay = this.relay;
    if (!relay) return this.loadRoom(name, workshopId, restricted);
    let waiting: [RelayType, Uint8Array][] | null = [];
    let room: Room | null = null;
    await relay.subscribe(name, (type, payload) => {
      if (waiting) waiting.push([type, payload.slice()]);
      else if (room && this.entries.get(name)?.room === room) this.relayed(room, relay, type, payload);
    });
    try {
      const locked = await relay.exclusive(
        name,
        async () => {
          const r = await this.loadRoom(name, workshopId, restricted);
          await r.persistence.flush(); // a migration is stored before the lock is released
          return r;
        },
        { wait: true },
      );
      room = locked!.value;
    } catch (err) {
      await relay.unsubscribe(name);
      throw err;
    }
    const loaded = room;
    loaded.relay = {
      update: (u) => relay.publish(name, RELAY_UPDATE, u),
      awareness: (u) => relay.publish(name, RELAY_AWARENESS, u),
    };
    for (const [type, payload] of waiting) this.relayed(loaded, relay, type, payload);
    waiting = null;
    this.hello(loaded, relay);
    return loaded;
  }

  /** Ask the other instances for what this one lacks, and give them this instance's presence. */
  private hello(room: Room, relay: RedisRelay): void {
    relay.publish(room.name, RELAY_HELLO, Y.encodeStateVector(room.doc));
    this.publishPresence(room, relay);
  }

  private publishPresence(room: Room, relay: RedisRelay): void {
    const ids: number[] = [];
    for (const p of room.peers) for (const id of p.awarenessIds) ids.push(id);
    if (ids.length) relay.publish(room.name, RELAY_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids));
  }

  /** A message of another instance for a loaded room. */
  private relayed(room: Room, relay: RedisRelay, type: RelayType, payload: Uint8Array): void {
    if (type === RELAY_UPDATE) Y.applyUpdate(room.doc, payload, RELAY_ORIGIN);
    else if (type === RELAY_AWARENESS) awarenessProtocol.applyAwarenessUpdate(room.awareness, payload, RELAY_ORIGIN);
    else {
      // what the sender lacks (the delete set always comes along: a pure deletion adds no clock)
      relay.publish(room.name, RELAY_UPDATE, Y.encodeStateAsUpdate(room.doc, payload));
      this.publishPresence(room, relay);
    }
  }

  private async loadRoom(name: string, workshopId: string, restricted: boolean): Promise<Room> {
    const relay = this.relay;
    const doc = new Y.Doc();
    const persistence = new RoomPersistence(this.store, name, doc, {
      batchMs: this.config.batchMs,
      compactDebounceMs: this.config.compactDebounceMs,
      compactMaxWaitMs: this.config.compactMaxWaitMs,
      onError: (err) => this.extensions.onPersistError(name, err),
      onRecovered: () => this.extensions.onPersistRecovered(name),
      onStored: (n) => this.extensions.onStore(name, n),
      scheduler: this.scheduler,
      shared: relay ? { exclusive: (fn) => relay.exclusive(name, fn) } : undefined,
    });
    await persistence.load();
    const empty = doc.share.size === 0 || Y.encodeStateVector(doc).length <= 1;
    const room = new Room(name, workshopId, restricted, doc, persistence, this.extensions, (r) => {
      r.persistence.compact().catch(() => {
        // kept in memory; persistence retries
      });
      this.extensions.onEmpty(r);
      this.maybeScheduleUnload(name);
    });
    // A brand-new public doc is initialised by the workshop-creation route; anything stored
    // is migrated to the current schema before any client sees it.
    if (!empty) migrate(doc, restricted ? 'restricted' : 'public');
    else if (restricted) initRestrictedDoc(doc);
    return room;
  }

  private maybeScheduleUnload(name: string): void {
    const entry = this.entries.get(name);
    if (!entry?.room || entry.refs > 0 || entry.room.peers.size > 0 || entry.unloadTimer) return;
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null;
      void this.tryUnload(name);
    }, this.config.idleUnloadMs);
    entry.unloadTimer.unref?.();
  }

  /** Unload a room if nobody uses it and its final save succeeds; returns whether it did. */
  tryUnload(name: string): Promise<boolean> {
    const entry = this.entries.get(name);
    const room = entry?.room;
    if (!entry || !room || entry.refs > 0 || room.peers.size > 0) return Promise.resolve(false);
    const running = this.unloading.get(name);
    if (running) return running;
    // open() waits for this before it touches the entry: nobody joins a room being unloaded
    const unload = (async () => {
      try {
        const rewritten = await room.persistence.rewriteIfWorthIt(this.config.rewriteMinStructs, this.config.rewriteRatio);
        if (rewritten) this.extensions.onRewritten(name, rewritten);
      } catch {
        // the old history stays stored; close() below saves anything newer as usual
      }
      try {
        await room.persistence.close();
      } catch {
        return false; // save failed: keep it in memory and try later
      }
      await room.persistence.cacheSyncState();
      this.entries.delete(name);
      this.extensions.onUnload(room);
      room.destroy();
      await this.relay?.unsubscribe(name);
      return true;
    })();
    this.unloading.set(name, unload);
    return unload.finally(() => {
      this.unloading.delete(name);
      if (this.entries.get(name) === entry) this.maybeScheduleUnload(name);
    });
  }

  /** Save every room (flush + compact). Returns the names that failed. */
  async flushAll(): Promise<string[]> {
    const failed: string[] = [];
    for (const room of this.loadedRooms) {
      try {
        await room.persistence.compact();
      } catch {
        failed.push(room.name);
      }
    }
    return failed;
  }

  /** Shutdown: close every connection with `code`, save and unload every room. */
  async closeAll(code: number, reason: string): Promise<string[]> {
    await this.scheduler.tick();
    this.scheduler.stop();
    const failed: string[] = [];
    for (const [name, entry] of Array.from(this.entries)) {
      if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
      const room = entry.room;
      if (!room) continue;
      room.closeAll(code, reason);
      try {
        await room.persistence.close();
        await room.persistence.cacheSyncState();
      } catch {
        failed.push(name);
        room.persistence.abandon();
      }
      room.destroy();
      this.entries.delete(name);
      await this.relay?.unsubscribe(name);
    }
    return failed;
  }
}
