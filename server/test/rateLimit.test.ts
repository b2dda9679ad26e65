import { describe, expect, it } from 'vitest';
import { rateKey } from '../src/http/clientAddress.js';
import { RateLimiter } from '../src/http/rateLimit.js';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill interval, and says when to retry', () => {
    const r = new RateLimiter(30, 60_000, 3); // one per 2 s, 3 at once
    const t0 = 1_000_000;
    expect([r.take('a', t0), r.take('a', t0), r.take('a', t0)].every((d) => d.ok)).toBe(true);
    const refused = r.take('a', t0);
    expect(refused).toEqual({ ok: false, retryAfterS: 2 });
    expect(r.take('b', t0).ok).toBe(true); // another address has its own bucket
    expect(r.take('a', t0 + 1_000).ok).toBe(false);
    expect(r.take('a', t0 + 2_100).ok).toBe(true);
  });

  it('forgets idle full buckets and never remembers more than its cap', () => {
    const r = new RateLimiter(1, 1_000, 1);
    for (let i = 0; i < 60_000; i++) r.take(`k${i}`, 0);
    expect(r.size).toBeLessThanOrEqual(50_000);
    r.take('late', 120_000);
    expect(r.size).toBe(1);
  });
});

describe('rateKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (a, key) => expect(rateKey(a)).toBe(key));
});
