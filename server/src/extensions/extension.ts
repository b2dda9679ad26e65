import type { NoticeCode } from '@tsunagu/shared';
import type { Principal } from '../auth/tokens.js';
import type { UpdateWrites } from '../authz/updateWrites.js';
import type { DecodedUpdate } from '../sync/messages.js';
import type { Peer, Room } from '../sync/room.js';

/**
 * The server's extension points: one ordered list of extensions around rooms and connections,
 * in the manner of Hocuspocus's `Extension` list. Limits, authorisation, automatic versions,
 * metrics, the access log (and later a relay between instances) are each one extension; the
 * server core (wsEndpoint, Room, RoomManager, persistence) calls `Extensions`, never a
 * particular extension.
 *
 * Hooks run in list order. A hook that decides (authenticate, onUpgrade, onFrame, beforeApply)
 * stops the chain at the first answer; the others run for every extension. `beforeApply` and
 * `beforePresence` may return a promise: the connection's later frames then wait in order
 * behind it (the usual, synchronous case costs nothing extra).
 */
export type Awaitable<T> = T | Promise<T>;

/** Why a write was refused. `read-only` (a viewer's write) is dropped silently. */
export interface Refusal {
  code: NoticeCode | 'read-only';
  /** For logs and tests (English). */
  detail?: string;
  /** The limit the notice names ({limit} in its text). */
  limit?: number;
  /** Close code; default CLOSE.REFUSED (4413, the client reloads a fresh copy). */
  close?: number;
}

export interface ApplyContext {
  readonly peer: Peer;
  readonly room: Room;
  readonly update: Uint8Array;
  readonly decoded: DecodedUpdate;
  /** What the update writes (computed once, on first use, and shared by every extension). */
  writes(): UpdateWrites;
  /** Run after the update has been applied (e.g. stamp authorship with the server's origin). */
  after(fn: () => void): void;
}

/** One client's presence in an awareness update; extensions may edit `state` or drop the entry. */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** Parsed state; null removes the client's presence. */
  state: Record<string, unknown> | null;
  /** Length of the state's JSON text as received. */
  size: number;
  drop?: boolean;
}

export interface PresenceContext {
  readonly peer: Peer;
  readonly room: Room;
  readonly entries: PresenceEntry[];
}

export interface UpgradeContext {
  ip: string;
  principal: Principal;
  restricted: boolean;
}

export interface Extension {
  readonly name: string;
  /** A token for a workshop → its principal; the first non-undefined answer wins. */
  authenticate?(workshopId: string, token: string | null): Awaitable<Principal | null | undefined>;
  /** Refuse a connection before the upgrade (an HTTP status and message). */
  onUpgrade?(ctx: UpgradeContext): { status: number; message: string } | null | undefined;
  onConnect?(peer: Peer, principal: Principal): void;
  onDisconnect?(peer: Peer): void;
  /** Every inbound frame before it is handled (the hot path: synchronous). A close code drops the connection. */
  onFrame?(peer: Peer, frame: Uint8Array): number | null | undefined;
  /** Authorise and validate a decoded update before it touches the document. */
  beforeApply?(ctx: ApplyContext): Awaitable<Refusal | null | undefined>;
  /** Check and stamp presence before it is applied and relayed. */
  beforePresence?(ctx: PresenceContext): Awaitable<void>;
  onRefused?(peer: Peer, refusal: Refusal): void;
  onMalformed?(peer: Peer, err: Error): void;
  /** After every applied update (any origin). */
  onChange?(room: Room, update: Uint8Array, origin: unknown): void;
  /** Updates of a document were written to the store. */
  onStore?(docName: string, count: number): void;
  onPersistError?(docName: string, err: unknown): void;
  onPersistRecovered?(docName: string): void;
  /** A room's history was rewritten as it unloaded (struct counts before and after). */
  onRewritten?(docName: string, structs: { before: number; after: number }): void;
  /** The last connection left a room. */
  onEmpty?(room: Room): void;
  /** A room is about to be unloaded (saved; its document is destroyed next). */
  onUnload?(room: Room): void;
}

const isPromise = <T>(v: Awaitable<T>): v is Promise<T> => typeof (v as Promise<T> | null)?.then === 'function';

/** Run deciding hooks in order until one answers; synchronous while they all are. */
function firstAnswer<A, R>(fns: readonly ((arg: A) => Awaitable<R | null | undefined>)[], arg: A, from = 0): Awaitable<R | null> {
  for (let i = from; i < fns.length; i++) {
    const r = fns[i]!(arg);
    if (isPromise(r)) return r.then((v) => (v ?? firstAnswer(fns, arg, i + 1)));
    if (r !== null && r !== undefined) return r;
  }
  return null;
}

type Hook = Exclude<keyof Extension, 'name'>;

/** The ordered list, with one method per hook. */
export class Extensions {
  private readonly list: Extension[] = [];
  private beforeApplyFns: ((ctx: ApplyContext) => Awaitable<Refusal | null | undefined>)[] = [];
  private onFrameFns: ((peer: Peer, frame: Uint8Array) => number | null | undefined)[] = [];
  private onChangeFns: ((room: Room, update: Uint8Array, origin: unknown) => void)[] = [];

  constructor(extensions: readonly Extension[] = []) {
    for (const e of extensions) this.add(e);
  }

  /** Append an extension (it runs after those already added). */
  add(extension: Extension): this {
    this.list.push(extension);
    this.beforeApplyFns = this.bound('beforeApply');
    this.onFrameFns = this.bound('onFrame');
    this.onChangeFns = this.bound('onChange');
    return this;
  }

  get names(): string[] {
    return this.list.map((e) => e.name);
  }

  find<E extends Extension>(name: string): E | undefined {
    return this.list.find((e) => e.name === name) as E | undefined;
  }

  private bound<K extends Hook>(hook: K): any[] {
    return this.list.filter((e) => e[hook]).map((e) => (e[hook] as (...a: unknown[]) => unknown).bind(e));
  }

  private each<K extends Hook>(hook: K, ...args: Parameters<NonNullable<Extension[K]>>): void {
    for (const e of this.list) {
      const fn = e[hook] as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) continue;
      try {
        fn.apply(e, args);
      } catch (err) {
        console.error(`[extension ${e.name}] ${hook} failed:`, err);
      }
    }
  }

  authenticate(workshopId: string, token: string | null): Awaitable<Principal | null> {
    const fns = this.list.filter((e) => e.authenticate).map((e) => (id: string) => e.authenticate!(id, token));
    return firstAnswer(fns, workshopId);
  }

  onUpgrade(ctx: UpgradeContext): { status: number; message: string } | null {
    for (const e of this.list) {
      const r = e.onUpgrade?.(ctx);
      if (r) return r;
    }
    return null;
  }

  onFrame(peer: Peer, frame: Uint8Array): number | null {
    for (const fn of this.onFrameFns) {
      const r = fn(peer, frame);
      if (r !== null && r !== undefined) return r;
    }
    return null;
  }

  beforeApply(ctx: ApplyContext): Awaitable<Refusal | null> {
    return firstAnswer(this.beforeApplyFns, ctx);
  }

  beforePresence(ctx: PresenceContext): Awaitable<void> {
    let chain: Promise<void> | null = null;
    for (const e of this.list) {
      if (!e.beforePresence) continue;
      if (chain) chain = chain.then(() => e.beforePresence!(ctx));
      else {
        const r = e.beforePresence(ctx);
        if (isPromise(r)) chain = r;
      }
    }
    return chain ?? undefined;
  }

  onChange(room: Room, update: Uint8Array, origin: unknown): void {
    for (const fn of this.onChangeFns) {
      try {
        fn(room, update, origin);
      } catch (err) {
        console.error('[extension] onChange failed:', err);
      }
    }
  }

  onConnect(peer: Peer, principal: Principal): void {
    this.each('onConnect', peer, principal);
  }
  onDisconnect(peer: Peer): void {
    this.each('onDisconnect', peer);
  }
  onRefused(peer: Peer, refusal: Refusal): void {
    this.each('onRefused', peer, refusal);
  }
  onMalformed(peer: Peer, err: Error): void {
    this.each('onMalformed', peer, err);
  }
  onStore(docName: string, count: number): void {
    this.each('onStore', docName, count);
  }
  onPersistError(docName: string, err: unknown): void {
    this.each('onPersistError', docName, err);
  }
  onPersistRecovered(docName: string): void {
    this.each('onPersistRecovered', docName);
  }
  onRewritten(docName: string, structs: { before: number; after: number }): void {
    this.each('onRewritten', docName, structs);
  }
  onEmpty(room: Room): void {
    this.each('onEmpty', room);
  }
  onUnload(room: Room): void {
    this.each('onUnload', room);
  }
}
