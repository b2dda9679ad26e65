import type { IncomingMessage } from 'node:http';

/** `::ffff:127.0.0.1` → `127.0.0.1`, so one address has one spelling. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/**
 * The client address of an HTTP request, for per-address limits. The direct peer's address,
 * unless that peer is a trusted reverse proxy (config.trustProxy): then the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy. A client can put anything in
 * `X-Forwarded-For`; without a trusted proxy in front it is ignored.
 */
export function clientAddress(req: IncomingMessage, trustProxy: readonly string[]): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? '');
  if (trustProxy.length === 0) return peer;
  const trusted = new Set(trustProxy.map(normalizeAddress));
  if (!trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map(normalizeAddress)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return peer;
}

/** Loopback peers (the laptop itself): 127.0.0.0/8 and ::1. */
export function isLoopback(address: string): boolean {
  const a = normalizeAddress(address);
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/**
 * The key an address is rate-limited under: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix (one household or phone usually holds a whole /64 and can change addresses in it).
 */
export function rateKey(address: string): string {
  const a = normalizeAddress(address);
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':') + '::/64';
}
