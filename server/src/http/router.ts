import type { IncomingMessage, ServerResponse } from 'node:http';
import { lookupToken, principalOf, tokenFromRequest, type Principal, type TokenLookup } from '../auth/tokens.js';
import type { AsyncStore } from '../store/asyncStore.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
  /** The principal for this workshop from the request's token, or null. */
  auth(workshopId: string): Principal | null;
  /** Like auth(), but answers 401 (thrown) when missing or wrong. */
  requireAuth(workshopId: string): Principal;
  json(status: number, body: unknown): void;
  error(status: number, message: string): void;
  readBody(limitBytes: number): Promise<Buffer>;
  readJson(limitBytes: number): Promise<unknown>;
}

export type Handler = (ctx: Ctx) => void | Promise<void>;

interface Route {
  method: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

/** Tiny router: patterns like '/api/workshops/:id/export.csv'; `:param` matches one path segment. */
export class Router {
  private readonly routes: Route[] = [];

  constructor(private readonly store: AsyncStore) {}

  add(method: string, pattern: string, handler: Handler): void {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) =>
        seg.replace(/:([A-Za-z]+)|([.+*?^$()[\]{}|\\])/g, (_m, key: string | undefined, special: string | undefined) => {
          if (key) {
            keys.push(key);
            return '([^/]+?)';
          }
          return '\\' + special;
        }),
      )
      .join('/');
    this.routes.push({ method, regex: new RegExp(`^${source}$`), keys, handler });
  }
  get(pattern: string, handler: Handler): void {
    this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler): void {
    this.add('POST', pattern, handler);
  }
  delete(pattern: string, handler: Handler): void {
    this.add('DELETE', pattern, handler);
  }
  patch(pattern: string, handler: Handler): void {
    this.add('PATCH', pattern, handler);
  }

  /** Handle a request; returns false when no route matches the path. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      const params: Record<string, string> = {};
      try {
        route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
      } catch {
        sendJson(res, 400, { error: 'malformed percent-escape in the URL path' });
        return true;
      }
      try {
        // the request's token is looked up once, before the handler: ctx.auth() stays synchronous
        let token: TokenLookup | null;
        try {
          token = await lookupToken(this.store, tokenFromRequest(req, url.searchParams));
        } catch (err) {
          console.error('token lookup failed', err);
          sendJson(res, 503, { error: 'storage unavailable; try again shortly' });
          return true;
        }
        const ctx = this.context(req, res, url, params, token);
        try {
          await route.handler(ctx);
        } catch (err) {
          if (err instanceof HttpError) ctx.error(err.status, err.message);
          else throw err;
        }
      } catch (err) {
        console.error('request failed', req.method, url.pathname, err);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      }
      return true;
    }
    if (pathMatched) {
      sendJson(res, 405, { error: `method ${req.method} not allowed` });
      return true;
    }
    return false;
  }

  private context(req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>, token: TokenLookup | null): Ctx {
    const ctx: Ctx = {
      req,
      res,
      params,
      query: url.searchParams,
      path: url.pathname,
      auth: (workshopId) => principalOf(token, workshopId),
      requireAuth: (workshopId) => {
        const p = ctx.auth(workshopId);
        if (!p) throw new HttpError(401, 'missing or invalid token');
        return p;
      },
      json: (status, body) => sendJson(res, status, body),
      error: (status, message) => sendJson(res, status, { error: message }),
      readBody: (limit) => readBody(req, limit),
      readJson: async (limit) => {
        const body = await readBody(req, limit);
        if (body.length === 0) throw new HttpError(400, 'request body is empty; JSON expected');
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
      },
    };
    return ctx;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(data);
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, `request body too large (limit ${limit} bytes)`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `request body too large (limit ${limit} bytes)`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (e) => !failed && reject(e));
  });
}
