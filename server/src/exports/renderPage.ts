import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Render one of the client's print pages in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core) and return a PDF or PNG.
 *
 * - Only exact origins may be reached: the server itself and the tile server (each request's
 *   URL is parsed and its origin compared; `data:` and `blob:` stay allowed). A `startsWith`
 *   check would let `https://cyberjapandata.gsi.go.jp.evil.example` through.
 * - WebSockets are refused (the print pages load over HTTP), service workers are blocked.
 * - One browser is reused (launched on first use, closed when idle); every render gets a fresh
 *   context. At most `concurrency` renders run at once and at most `queueLimit` wait; more are
 *   refused with RenderBusyError (the route answers 503) instead of piling up on a 2-core laptop.
 */
/** Flags for Debian's Chromium on a closed network (tests launch it with the same). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RenderTarget {
  /** Full URL of the page, token in the fragment (`#token=…`). */
  url: string;
  /**
   * Origins the page may load from (the server, the tile host), e.g. `http://127.0.0.1:8080`.
   * A tile host with subdomains may be given as `https://*.tile.example.org` (one label).
   */
  allowedOrigins: string[];
  timeoutMs?: number;
}

export class RenderError extends Error {
  override name = 'RenderError';
}

/** Too many renders waiting: try again in a minute. */
export class RenderBusyError extends RenderError {
  override name = 'RenderBusyError';
}

/** May a page being rendered load `url`? Exact origin match (or one wildcard label). */
export function isAllowedRequest(url: string, allowedOrigins: readonly string[]): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  for (const allowed of allowedOrigins) {
    const wild = /^(https?:)\/\/\*\.([^/:]+)(:\d+)?$/.exec(allowed);
    if (wild) {
      const [, scheme, suffix, port] = wild;
      const label = u.hostname.slice(0, u.hostname.length - suffix!.length - 1);
      if (u.protocol === scheme && u.hostname.endsWith('.' + suffix) && /^[A-Za-z0-9-]+$/.test(label) && u.port === (port ?? ':').slice(1)) return true;
      continue;
    }
    try {
      if (new URL(allowed).origin === u.origin) return true;
    } catch {
      // not an origin: allows nothing
    }
  }
  return false;
}

interface Job<T> {
  run(): Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export class PageRenderer {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: Job<unknown>[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly opts: { concurrency?: number; queueLimit?: number; idleCloseMs?: number; executablePath?: string } = {},
  ) {}

  /** Renders running and waiting (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  renderPdf(target: RenderTarget, paper: 'A3' | 'A4' | 'A1'): Promise<Buffer> {
    const MM = 96 / 25.4;
    const [w, h] = paper === 'A1' ? [841, 594] : paper === 'A3' ? [420, 297] : [297, 210];
    return this.enqueue(() =>
      this.withPage(target, { width: Math.round(w * MM), height: Math.round(h * MM), deviceScaleFactor: 1 }, async (page) =>
        Buffer.from(await page.pdf({ format: paper, landscape: true, printBackground: true, preferCSSPageSize: true })),
      ),
    );
  }

  renderPng(target: RenderTarget, selector: string): Promise<Buffer> {
    return this.enqueue(() =>
      this.withPage(target, { width: 1850, height: 1000, deviceScaleFactor: 2 }, async (page) => Buffer.from(await page.locator(selector).screenshot({ type: 'png' }))),
    );
  }

  /** Run `fn` on a rendered page (tests use it to look at what the page did). */
  withRenderedPage<T>(target: RenderTarget, fn: (page: Page) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.withPage(target, { width: 1200, height: 800, deviceScaleFactor: 1 }, fn));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const job of this.waiting.splice(0)) job.reject(new RenderError('the server is shutting down'));
    const b = this.browser;
    this.browser = null;
    if (b) await b.then((x) => x.close()).catch(() => undefined);
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RenderError('the server is shutting down'));
    const concurrency = Math.max(1, this.opts.concurrency ?? 1);
    const queueLimit = Math.max(0, this.opts.queueLimit ?? 4);
    if (this.running >= concurrency && this.waiting.length >= queueLimit)
      return Promise.reject(new RenderBusyError(`the printer is busy (${this.running} rendering, ${this.waiting.length} waiting); try again in a minute`));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ run, resolve, reject } as Job<unknown>);
      this.next();
    });
  }

  private next(): void {
    const concurrency = Math.max(1, this.opts.concurrency ?? 1);
    while (this.running < concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      if (this.idleTimer) clearTimeout(this.idleTimer);
      // The slot is free before the caller resumes, so `load` is exact when it looks.
      const done = () => {
        this.running--;
        this.next();
        if (this.running === 0 && this.waiting.length === 0) this.scheduleIdleClose();
      };
      job.run().then(
        (v) => (done(), job.resolve(v)),
        (e: unknown) => (done(), job.reject(e)),
      );
    }
  }

  private scheduleIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const b = this.browser;
      this.browser = null;
      if (b) void b.then((x) => x.close()).catch(() => undefined);
    }, this.opts.idleCloseMs ?? 60_000);
    this.idleTimer.unref();
  }

  private async getBrowser(): Promise<Browser> {
    if (this.browser) {
      const b = await this.browser.catch(() => null);
      if (b?.isConnected()) return b;
      this.browser = null;
    }
    let chromium: typeof import('playwright-core').chromium;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new RenderError('printing needs playwright-core and Chromium on the server');
    }
    const launching = chromium.launch({
      executablePath: this.opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    this.browser = launching;
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    return launching;
  }

  private async withPage<T>(target: RenderTarget, viewport: { width: number; height: number; deviceScaleFactor: number }, fn: (page: Page) => Promise<T>): Promise<T> {
    let ctx: BrowserContext | null = null;
    try {
      const browser = await this.getBrowser();
      ctx = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        deviceScaleFactor: viewport.deviceScaleFactor,
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        serviceWorkers: 'block',
      });
      await ctx.route('**/*', (route) => (isAllowedRequest(route.request().url(), target.allowedOrigins) ? route.continue() : route.abort('blockedbyclient')));
      // No websocket leaves a rendered page: answered here and closed, never connected.
      await ctx.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'blocked while rendering' }));
      const page = await ctx.newPage();
      await page.goto(target.url, { waitUntil: 'load', timeout: target.timeoutMs ?? 30_000 });
      await page.waitForSelector('body[data-print-ready="1"]', { state: 'attached', timeout: target.timeoutMs ?? 30_000 });
      await page.evaluate('document.fonts.ready.then(() => true)');
      return await fn(page);
    } catch (err) {
      if (err instanceof RenderError) throw err;
      throw new RenderError(`could not render the page: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await ctx?.close().catch(() => undefined);
    }
  }
}
