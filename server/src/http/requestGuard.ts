import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config.js';
import { clientAddress, rateKey } from './clientAddress.js';
import { RateLimiter } from './rateLimit.js';
import { sendJson } from './router.js';
import { setSecurityHeaders } from './securityHeaders.js';

/** A path whose percent-escapes do not decode (`/api/workshops/%E0%A4%A`). */
export function hasBadEscape(url: string | undefined): boolean {
  try {
    decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * What runs before the router for every HTTP request (issue 11): the security headers, a 400
 * for an undecodable path, and the per-address rate limits of the routes anyone may call
 * without a token — joining by code (`POST /api/join`) and creating workshops
 * (`POST /api/workshops`, `POST /api/workshops/from-backup`), answered 429 with `Retry-After`.
 * Returns true when it answered the request itself.
 */
export function createRequestGuard(config: Config): {
  http(req: IncomingMessage, res: ServerResponse): boolean;
  upgrade(req: IncomingMessage, socket: Duplex): boolean;
} {
  const { limits } = config;
  const joins = new RateLimiter(limits.joinsPerMinute, 60_000, limits.joinBurst);
  const creations = new RateLimiter(limits.workshopsPerHour, 3_600_000, limits.workshopBurst);
  const limiterFor = (req: IncomingMessage): RateLimiter | null => {
    if (req.method !== 'POST') return null;
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/join') return joins;
    if (path === '/api/workshops' || path === '/api/workshops/from-backup') return creations;
    return null;
  };
  return {
    http(req, res) {
      setSecurityHeaders(config, req, res);
      if (hasBadEscape(req.url)) {
        sendJson(res, 400, { error: 'malformed percent-escape in the URL path' });
        return true;
      }
      const limiter = limiterFor(req);
      if (!limiter) return false;
      const decision = limiter.take(rateKey(clientAddress(req, config.trustProxy)));
      if (decision.ok) return false;
      req.resume();
      res.setHeader('Retry-After', String(decision.retryAfterS));
      sendJson(res, 429, { error: `too many requests from this address; try again in ${decision.retryAfterS} s` });
      return true;
    },
    upgrade(req, socket) {
      if (!hasBadEscape(req.url)) return false;
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nmalformed percent-escape in the URL path\n');
      return true;
    },
  };
}
