import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

type RequestHandler = ReturnType<typeof sirv>;

/** Hashed build output (`/assets/name-HASH.js`): cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, favicon, manifest): cached but revalidated by ETag. */
const REVALIDATE = 'no-cache';

/** Types sirv's table (mrmime) leaves empty. */
const EXTRA_TYPES: Record<string, string> = {
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const handlers = new Map<string, RequestHandler>();

function handlerFor(root: string): RequestHandler | null {
  const resolved = path.resolve(root);
  const known = handlers.get(resolved);
  if (known) return known;
  // The file list is read once; a root that does not exist yet (client not built) is retried later.
  if (!fs.existsSync(path.join(resolved, 'index.html'))) return null;
  const handler = sirv(resolved, {
    etag: true,
    // `vite build` writes `.br` and `.gz` beside every text asset (client/precompress.ts).
    brotli: true,
    gzip: true,
    // Client routes (/w/…, /join, /host) get index.html; API and sync paths never do.
    single: true,
    ignores: ['^/api/', '^/sync(/|$)', '^/tiles/'],
    setHeaders: (res, pathname) => {
      res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      const extra = EXTRA_TYPES[path.extname(pathname)];
      if (extra) res.setHeader('Content-Type', extra);
    },
  });
  handlers.set(resolved, handler);
  return handler;
}

/**
 * Serve the built client through sirv: precompressed brotli/gzip when the browser accepts it,
 * weak ETags (304 on If-None-Match), hashed assets immutable, index.html revalidated. Unknown
 * paths without an extension get index.html (the client routes them). Returns false when
 * nothing matched, so the caller answers 404.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const handler = handlerFor(root);
  if (!handler) return false;
  let matched = true;
  // sirv looks files up from a list read at start and calls `next` synchronously on a miss.
  handler(req, res, () => {
    matched = false;
  });
  return matched;
}
