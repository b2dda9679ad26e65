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

/** The headers per (tile URL, Host): built once, not for every tile a phone loads. Bounded: Host is the client's. */
const headerCache = new Map<string, Readonly<Record<string, string>>>();

/** The headers every response carries, as one object (for writeHead on the tile hit path). */
export function securityHeaderValues(config: Pick<Config, 'tileUrl'>, host: string | undefined): Readonly<Record<string, string>> {
  const key = `${config.tileUrl}\n${host ?? ''}`;
  let headers = headerCache.get(key);
  if (headers === undefined) {
    headers = Object.freeze({
      'Content-Security-Policy': contentSecurityPolicy(config, host),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    if (headerCache.size >= 64) headerCache.clear();
    headerCache.set(key, headers);
  }
  return headers;
}

export function setSecurityHeaders(config: Pick<Config, 'tileUrl'>, req: IncomingMessage, res: ServerResponse): void {
  for (const [k, v] of Object.entries(securityHeaderValues(config, req.headers.host))) res.setHeader(k, v);
}
