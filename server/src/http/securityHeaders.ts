import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';

/**
 * Headers every HTTP response carries (API, static files, errors, 404s). The Content-Security-
 * Policy lets the built client run (its own scripts and styles, QR codes as data: images,
 * Leaflet, tiles from the server itself at /tiles and from the TILE_URL origin, websockets to the
 * same host) and nothing else: no inline or foreign script, no plugins, no <base>, no framing.
 * Inline styles stay allowed (React and Leaflet position elements with them); colours from a
 * document reach them only as #rrggbb (shared safeColor).
 */
export function tileOriginSource(tileUrl: string): string | null {
  if (!/^https?:\/\//i.test(tileUrl)) return null; // relative (/tiles/…): 'self'
  try {
    const u = new URL(tileUrl.replace(/\{s\}/g, 'tsunagu-subdomain').replace(/\{[^}]*\}/g, '0'));
    return u.origin.replace('tsunagu-subdomain', '*');
  } catch {
    return null;
  }
}

/** A Host header we may echo into connect-src: a host name or address and an optional port. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export function contentSecurityPolicy(config: Pick<Config, 'tileUrl'>, host: string | undefined): string {
  const tiles = tileOriginSource(config.tileUrl);
  const sameHostSockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ' ' + tiles : ''}`,
    "font-src 'self' data:",
    `connect-src 'self'${sameHostSockets}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy per (tile URL, Host): built once, not for every tile a phone loads. Bounded: Host is the client's. */
const policyCache = new Map<string, string>();

export function setSecurityHeaders(config: Pick<Config, 'tileUrl'>, req: IncomingMessage, res: ServerResponse): void {
  const key = `${config.tileUrl}\n${req.headers.host ?? ''}`;
  let policy = policyCache.get(key);
  if (policy === undefined) {
    policy = contentSecurityPolicy(config, req.headers.host);
    if (policyCache.size >= 64) policyCache.clear();
    policyCache.set(key, policy);
  }
  res.setHeader('Content-Security-Policy', policy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}
