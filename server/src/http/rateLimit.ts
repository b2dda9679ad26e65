/**
 * Per-key token buckets (one per client address) for the HTTP routes a stranger can call
 * without a token: joining by code and creating workshops. In memory, per server instance.
 * A bucket holds `burst` tokens and refills at `perWindow` tokens per `windowMs`; a full,
 * idle bucket is forgotten so the map stays small.
 */
export interface RateDecision {
  ok: boolean;
  /** Whole seconds until one more request is allowed (when refused). */
  retryAfterS: number;
}

/** Most addresses remembered; past it the longest-untouched is forgotten (a spray of addresses cannot fill memory). */
const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt = 0;

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly burst: number,
  ) {}

  take(key: string, now = Date.now()): RateDecision {
    const rate = this.perWindow / this.windowMs; // tokens per ms
    if (!(rate > 0)) return { ok: true, retryAfterS: 0 };
    this.sweep(now, rate);
    const capacity = Math.max(1, this.burst);
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * rate);
    b.at = now;
    // re-insert so the map stays ordered by last use, oldest first
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterS: 0 };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number, rate: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    const capacity = Math.max(1, this.burst);
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= capacity) this.buckets.delete(key);
  }
}
