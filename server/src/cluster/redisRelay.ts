import crypto from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Several instances as one (REDIS_URL): each room's document updates and presence changes
 * go to the other instances through Redis pub/sub, one channel per room. A message carries
 * its origin instance; an instance ignores its own messages and never publishes what it
 * received (relayed changes enter the room with RELAY_ORIGIN, which the room does not relay).
 *
 * Messages (binary): [type: 1 byte][origin instance id: 16 bytes][payload].
 * - UPDATE: a Yjs update (V1);
 * - AWARENESS: a y-protocols awareness update;
 * - HELLO: a state vector. Every other instance holding the room answers with an UPDATE of
 *   what the sender lacks, and its connections' presence. An instance says HELLO after it
 *   loaded a room (what was published after it subscribed but before its load read the store,
 *   and not yet stored by the writer's instance, reaches it this way) and after Redis came back
 *   (messages published while it was away were lost).
 *
 * Rooms are maintained (compaction, migration at load) by one instance at a time: a lock in
 * Redis (`SET NX PX`, renewed while held, released only by its holder), see `exclusive`.
 */
export const RELAY_UPDATE = 0;
export const RELAY_AWARENESS = 1;
export const RELAY_HELLO = 2;
export type RelayType = typeof RELAY_UPDATE | typeof RELAY_AWARENESS | typeof RELAY_HELLO;

const ID_BYTES = 16;
const CHANNEL_PREFIX = 'tsunagu:room:';
const LOCK_PREFIX = 'tsunagu:lock:';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export type RelayHandler = (type: RelayType, payload: Uint8Array) => void;

export interface RelayOptions {
  /** Lock lifetime without renewal (ms); renewed every third of it while held. */
  lockTtlMs?: number;
  /** How long `exclusive(…, { wait: true })` waits for another holder (ms). */
  lockWaitMs?: number;
}

export class RedisRelay {
  /** This instance's id, carried by every message it publishes. */
  readonly instanceId = crypto.randomBytes(ID_BYTES);
  private readonly handlers = new Map<string, RelayHandler>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private closed = false;
  /** Messages published and received (metrics, tests). */
  published = 0;
  received = 0;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    opts: RelayOptions,
  ) {
    this.lockTtlMs = opts.lockTtlMs ?? 15_000;
    this.lockWaitMs = opts.lockWaitMs ?? 10_000;
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.dispatch(channel.toString('utf8'), message));
    // after the first connection, 'ready' means a reconnection: ioredis resubscribes the
    // channels, but what was published meanwhile is lost — once both connections are back,
    // rooms say HELLO again (three times: another instance may not have resubscribed yet)
    let lost = false;
    const lose = () => (lost = true);
    const back = () => {
      if (!lost || !this.healthy()) return;
      lost = false;
      for (const delay of [0, 500, 2000]) {
        const t = setTimeout(() => {
          if (this.healthy()) for (const l of this.reconnectListeners) l();
        }, delay);
        t.unref();
      }
    };
    for (const c of [pub, sub]) {
      c.on('close', lose);
      c.on('ready', back);
    }
  }

  /** Connect both connections (publisher and subscriber) and wait until they are ready. */
  static async connect(url: string, opts: RelayOptions = {}): Promise<RedisRelay> {
    const common = { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(50 * 2 ** n, 1000) };
    // the publisher does not queue while Redis is away: a lost message is repaired by HELLO
    const pub = new Redis(url, { ...common, enableOfflineQueue: false });
    const sub = new Redis(url, { ...common, enableOfflineQueue: true });
    // errors are reported through status (healthy()); without a listener ioredis logs each retry
    pub.on('error', () => {});
    sub.on('error', () => {});
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (err) {
      pub.disconnect();
      sub.disconnect();
      throw err;
    }
    return new RedisRelay(pub, sub, opts);
  }

  /** Both connections to Redis are up (/healthz). */
  healthy(): boolean {
    return !this.closed && this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Called each time the connection to Redis came back. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Receive a room's messages from other instances; resolves once Redis confirmed the subscription. */
  async subscribe(room: string, handler: RelayHandler): Promise<void> {
    this.handlers.set(room, handler);
    await this.sub.subscribe(CHANNEL_PREFIX + room);
  }

  async unsubscribe(room: string): Promise<void> {
    this.handlers.delete(room);
    if (this.closed) return;
    await this.sub.unsubscribe(CHANNEL_PREFIX + room).catch(() => {});
  }

  /** Send to the other instances (best effort: while Redis is away the message is dropped and HELLO repairs it). */
  publish(room: string, type: RelayType, payload: Uint8Array): void {
    if (this.closed || this.pub.status !== 'ready') return;
    const message = Buffer.allocUnsafe(1 + ID_BYTES + payload.byteLength);
    message[0] = type;
    this.instanceId.copy(message, 1);
    message.set(payload, 1 + ID_BYTES);
    this.published++;
    this.pub.publish(CHANNEL_PREFIX + room, message).catch(() => {});
  }

  private dispatch(channel: string, message: Buffer): void {
    if (!channel.startsWith(CHANNEL_PREFIX) || message.byteLength < 1 + ID_BYTES) return;
    if (this.instanceId.equals(message.subarray(1, 1 + ID_BYTES))) return; // our own
    const handler = this.handlers.get(channel.slice(CHANNEL_PREFIX.length));
    const type = message[0];
    if (!handler || (type !== RELAY_UPDATE && type !== RELAY_AWARENESS && type !== RELAY_HELLO)) return;
    this.received++;
    const payload = new Uint8Array(message.buffer, message.byteOffset + 1 + ID_BYTES, message.byteLength - 1 - ID_BYTES);
    try {
      handler(type, payload);
    } catch (err) {
      console.error('[relay] message failed', channel, err);
    }
  }

  /**
   * Run `fn` while this instance holds the room's lock. `wait`: wait up to lockWaitMs for
   * another holder (then run anyway, so that a lost Redis never blocks a room from loading);
   * else null at once when another instance holds it. The lock is renewed while `fn` runs.
   */
  async exclusive<T>(room: string, fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<{ value: T } | null> {
    const key = LOCK_PREFIX + room;
    const token = crypto.randomBytes(12).toString('base64url');
    const deadline = Date.now() + (opts.wait ? this.lockWaitMs : 0);
    let held = false;
    for (;;) {
      try {
        held = (await this.pub.set(key, token, 'PX', this.lockTtlMs, 'NX')) === 'OK';
      } catch {
        held = false;
        if (opts.wait) break; // Redis is away: load without the lock rather than not at all
        return null;
      }
      if (held || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 25));
    }
    if (!held && !opts.wait) return null;
    const renew = held
      ? setInterval(() => void this.pub.eval(RENEW, 1, key, token, String(this.lockTtlMs)).catch(() => {}), Math.max(100, this.lockTtlMs / 3))
      : null;
    try {
      return { value: await fn() };
    } finally {
      if (renew) clearInterval(renew);
      if (held) await this.pub.eval(RELEASE, 1, key, token).catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    this.reconnectListeners.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
