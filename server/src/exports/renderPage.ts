import type { Browser } from 'playwright-core';

/**
 * Render one of the client's print pages in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core) and return a PDF or PNG. Only the server itself and the tile server may be
 * reached; everything else is aborted. One render at a time (a 2-core laptop in a hall).
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
  /** Origins the page may load from (the server, the tile host). */
  allowedOrigins: string[];
  timeoutMs?: number;
}

export class RenderError extends Error {
  override name = 'RenderError';
}

let queue: Promise<unknown> = Promise.resolve();

function serialize<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

async function withPage<T>(target: RenderTarget, viewport: { width: number; height: number; deviceScaleFactor: number }, fn: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new RenderError('printing needs playwright-core and Chromium on the server');
  }
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const ctx = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: viewport.deviceScaleFactor, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    await ctx.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('data:') || u.startsWith('blob:') || target.allowedOrigins.some((o) => u.startsWith(o))) return route.continue();
      return route.abort();
    });
    const page = await ctx.newPage();
    await page.goto(target.url, { waitUntil: 'load', timeout: target.timeoutMs ?? 30_000 });
    await page.waitForSelector('body[data-print-ready="1"]', { timeout: target.timeoutMs ?? 30_000 });
    await page.evaluate('document.fonts.ready.then(() => true)');
    return await fn(page);
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new RenderError(`could not render the page: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

const MM = 96 / 25.4;

export function renderPdf(target: RenderTarget, paper: 'A3' | 'A4'): Promise<Buffer> {
  const [w, h] = paper === 'A3' ? [420, 297] : [297, 210];
  return serialize(() =>
    withPage(target, { width: Math.round(w * MM), height: Math.round(h * MM), deviceScaleFactor: 1 }, async (page) =>
      Buffer.from(await page.pdf({ format: paper, landscape: true, printBackground: true, preferCSSPageSize: true })),
    ),
  );
}

export function renderPng(target: RenderTarget, selector: string): Promise<Buffer> {
  return serialize(() =>
    withPage(target, { width: 1850, height: 1000, deviceScaleFactor: 2 }, async (page) => Buffer.from(await page.locator(selector).screenshot({ type: 'png' }))),
  );
}
