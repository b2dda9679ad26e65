import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '@tsunagu/server';
import { ROOT } from './server.js';

/**
 * Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core.
 * Screenshots go to artifacts/screenshots/ (git-ignored; the README names the folder).
 */

export const SIZES = {
  projector: { width: 1920, height: 1080, deviceScaleFactor: 1 },
  laptop: { width: 1366, height: 768, deviceScaleFactor: 1 },
  phone: { width: 390, height: 844, deviceScaleFactor: 2 },
} as const;
export type SizeName = keyof typeof SIZES;

export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh browser context (own localStorage, own cookies) at a named size. Requests to any
 * host other than 127.0.0.1/localhost are aborted, so tests never reach the network (tiles).
 */
export async function newContext(browser: Browser, size: SizeName = 'laptop', opts: { lang?: 'ja' | 'en' } = {}): Promise<BrowserContext> {
  const s = SIZES[size];
  const ctx = await browser.newContext({
    viewport: { width: s.width, height: s.height },
    deviceScaleFactor: s.deviceScaleFactor,
    isMobile: size === 'phone',
    hasTouch: size === 'phone',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  if (opts.lang === 'en') await ctx.addInitScript(() => localStorage.setItem('tsunagu.lang', 'en'));
  return ctx;
}

/** Save a full-viewport PNG under artifacts/screenshots/<name>.png and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Collect page errors so a test can assert the page did not throw. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_FAILED|WebSocket/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/**
 * Type text through a simulated IME composition (CDP Input.imeSetComposition, then
 * Input.insertText to commit), the way a Japanese IME delivers it: each step of the
 * composition replaces the marked text; the commit inserts the final string.
 */
export async function imeType(page: Page, steps: readonly string[], commit: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const s of steps) await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
    await cdp.send('Input.insertText', { text: commit });
  } finally {
    await cdp.detach();
  }
}

/** Press Enter *during* a composition (keyCode 229, isComposing) — must not commit anything. */
export async function imeEnterWhileComposing(page: Page, composing: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.imeSetComposition', { text: composing, selectionStart: composing.length, selectionEnd: composing.length });
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
  } finally {
    await cdp.detach();
  }
}
