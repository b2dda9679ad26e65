/**
 * The sync wire protocol, y-websocket compatible. Every frame is
 *
 *   varUint messageType · payload
 *
 *   0 MESSAGE_SYNC       payload = varUint syncType · varUint8Array
 *                         syncType 0 step1 (state vector) → answered with step2 (missing updates)
 *                         syncType 1 step2 (update)       → applied if the peer may write
 *                         syncType 2 update               → applied if the peer may write
 *   1 MESSAGE_AWARENESS  payload = varUint8Array awareness update (presence; never persisted)
 *   3 MESSAGE_QUERY_AWARENESS   → answered with every known awareness state
 *
 * The server opens with step1 and the current awareness states. Anything else — an unknown
 * type, a truncated payload, trailing bytes, an update Yjs cannot decode — is malformed and
 * closes that connection only. A state vector or update from history the server rewrote away
 * (`retired` client ids) ends the connection with HistoryRewrittenError: the client reloads.
 * These functions are pure: they read a frame and write a reply into an encoder; they never
 * touch a socket.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '@tsunagu/shared';

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

export interface MessageContext {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /**
   * An update (sync step 2 or update) from this peer, decoded and not from retired history:
   * the peer checks and applies it. A promise holds the peer's later frames until it settles.
   */
  receiveUpdate(update: Uint8Array, decoded: DecodedUpdate, step2: boolean): void | Promise<void>;
  /** An awareness update from this peer (checked, stamped and applied by the peer). */
  receivePresence(payload: Uint8Array): void | Promise<void>;
  /** Client ids of rewritten-away history (empty for almost every room). */
  retired?: ReadonlySet<number> | undefined;
  /**
   * State already sent to this peer before the room loaded (RoomManager.presync): a step 1 is
   * answered with what lies beyond it and the peer's own state. Consumed by the first step 1.
   */
  takeAlreadySent?: (() => Map<number, number> | null) | undefined;
}

/** What handling a frame produced: a reply to send, and work still under way (an async check). */
export interface FrameResult {
  reply: Uint8Array | null;
  pending: Promise<void> | null;
}

/** Whether any of `clients` wrote history the server rewrote away. */
function anyRetired(clients: Iterable<number>, retired: ReadonlySet<number> | undefined): boolean {
  if (!retired || retired.size === 0) return false;
  for (const client of clients) if (retired.has(client)) return true;
  return false;
}

function fromRetiredHistory(decoded: DecodedUpdate, retired: ReadonlySet<number> | undefined): boolean {
  if (!retired || retired.size === 0) return false; // every update passes here: no work for the usual room
  return decoded.structs.some((s) => retired.has(s.id.client)) || anyRetired(decoded.ds.clients.keys(), retired);
}

/** The peer holds history the server rewrote; it must reload (CLOSE.HISTORY_REWRITTEN). */
export class HistoryRewrittenError extends Error {
  constructor() {
    super('history rewritten; reload');
    this.name = 'HistoryRewrittenError';
  }
}

type Handler = (decoder: decoding.Decoder, encoder: encoding.Encoder, ctx: MessageContext) => void | Promise<void>;

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

function readUpdatePayload(decoder: decoding.Decoder): { update: Uint8Array; decoded: DecodedUpdate } {
  const update = decoding.readVarUint8Array(decoder);
  try {
    // structural validation before touching the document; the limits reuse the result
    return { update, decoded: Y.decodeUpdate(update) };
  } catch {
    throw new MalformedMessageError('update cannot be decoded');
  }
}

function fromPeer({ update, decoded }: { update: Uint8Array; decoded: DecodedUpdate }, ctx: MessageContext, step2: boolean): void | Promise<void> {
  if (fromRetiredHistory(decoded, ctx.retired)) throw new HistoryRewrittenError();
  return ctx.receiveUpdate(update, decoded, step2);
}

const SYNC_HANDLERS: Record<number, Handler> = {
  [syncProtocol.messageYjsSyncStep1]: (decoder, encoder, ctx) => {
    const stateVector = decoding.readVarUint8Array(decoder);
    let clients: Map<number, number>;
    try {
      clients = Y.decodeStateVector(stateVector);
    } catch {
      throw new MalformedMessageError('state vector cannot be decoded');
    }
    if (anyRetired(clients.keys(), ctx.retired)) throw new HistoryRewrittenError();
    const sent = ctx.takeAlreadySent?.() ?? null;
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, ctx.doc, sent ? Y.encodeStateVector(mergeStateVectors(clients, sent)) : stateVector);
  },
  [syncProtocol.messageYjsSyncStep2]: (decoder, _encoder, ctx) => fromPeer(readUpdatePayload(decoder), ctx, true),
  [syncProtocol.messageYjsUpdate]: (decoder, _encoder, ctx) => fromPeer(readUpdatePayload(decoder), ctx, false),
};

const HANDLERS: Record<number, Handler> = {
  [MESSAGE_SYNC]: (decoder, encoder, ctx) => {
    const syncType = decoding.readVarUint(decoder);
    const handler = SYNC_HANDLERS[syncType];
    if (!handler) throw new MalformedMessageError(`unknown sync message type ${syncType}`);
    return handler(decoder, encoder, ctx);
  },
  [MESSAGE_AWARENESS]: (decoder, _encoder, ctx) => ctx.receivePresence(decoding.readVarUint8Array(decoder)),
  [MESSAGE_QUERY_AWARENESS]: (_decoder, encoder, ctx) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(ctx.awareness, Array.from(ctx.awareness.getStates().keys())),
    );
  },
};

/**
 * Handle one frame. Returns the reply to send (or null) and any check still under way. Throws
 * MalformedMessageError for anything malformed; the caller closes the connection. The whole
 * frame is read (trailing bytes are malformed) before the peer acts on an update or presence.
 */
export function handleFrame(frame: Uint8Array, ctx: MessageContext): FrameResult {
  const decoder = decoding.createDecoder(frame);
  const encoder = encoding.createEncoder();
  let pending: Promise<void> | null = null;
  try {
    const type = decoding.readVarUint(decoder);
    const handler = HANDLERS[type];
    if (!handler) throw new MalformedMessageError(`unknown message type ${type}`);
    const deferred: (() => void | Promise<void>)[] = [];
    handler(decoder, encoder, {
      ...ctx,
      receiveUpdate: (u, d, step2) => void deferred.push(() => ctx.receiveUpdate(u, d, step2)),
      receivePresence: (p) => void deferred.push(() => ctx.receivePresence(p)),
    });
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after message');
    for (const run of deferred) {
      const r = run();
      if (r) pending = r;
    }
  } catch (err) {
    if (err instanceof MalformedMessageError || err instanceof HistoryRewrittenError) throw err;
    throw new MalformedMessageError(`malformed message: ${(err as Error).message}`);
  }
  return { reply: encoding.length(encoder) > 0 ? encoding.toUint8Array(encoder) : null, pending };
}

/**
 * The entries of an awareness update (varUint count, then per client: varUint clientID,
 * varUint clock, varString state JSON). Throws MalformedMessageError for anything else.
 */
export function decodeAwarenessUpdate(payload: Uint8Array): { clientId: number; clock: number; json: string }[] {
  try {
    const decoder = decoding.createDecoder(payload);
    const n = decoding.readVarUint(decoder);
    if (n > 10_000) throw new Error('too many entries');
    const out: { clientId: number; clock: number; json: string }[] = [];
    for (let i = 0; i < n; i++) {
      out.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return out;
  } catch (err) {
    throw new MalformedMessageError(`malformed awareness update: ${(err as Error).message}`);
  }
}

export function encodeAwarenessUpdate(entries: readonly { clientId: number; clock: number; json: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** For each client the higher clock of the two state vectors. */
function mergeStateVectors(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const out = new Map(a);
  for (const [client, clock] of b) if ((out.get(client) ?? 0) < clock) out.set(client, clock);
  return out;
}

/** A sync step 2 message carrying `update` (V1). */
export function encodeSyncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The state vector of a step 1 frame, or null for any other frame (or a malformed one). */
export function syncStep1StateVector(frame: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return null;
    const sv = decoding.readVarUint8Array(decoder);
    Y.decodeStateVector(sv);
    return decoding.hasContent(decoder) ? null : sv;
  } catch {
    return null;
  }
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
