/**
 * Issue 18 — the phone on the hall's access point: `tsx tests/bench/run.ts phone`.
 *
 * 1. Bytes on the wire before a pin can be added: a fresh phone (no cache) opens the join link,
 *    joins, and waits for 「ここにピン」 to be enabled; every HTTP response's encoded length
 *    (headers + compressed body, from the DevTools protocol) is summed. Goal ≤ 200 KB.
 * 2. N phones joining at once (40; 8 with BENCH_QUICK=1): each in its own fresh browser context,
 *    all started together; time from opening the join link to 「ここにピン」 enabled, p50/p95/max.
 * The server serves the built client (npm run bench builds it) with its precompressed files.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext } from '../helpers/browser.js';
import { createWorkshop, ROOT, startServer, tmpDataDir } from '../helpers/server.js';
import { percentile } from './stats.js';

const GOAL_BYTES = 200 * 1024;

interface Wire {
  encoded: number;
  decoded: number;
  requests: number;
}

/** Join on one fresh phone and wait for the add-pin button; returns the time taken and the bytes. */
async function joinOnePhone(browser: Browser, base: string, code: string, name: string): Promise<{ ms: number; wire: Wire }> {
  const ctx = await newContext(browser, 'phone');
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const wire: Wire = { encoded: 0, decoded: 0, requests: 0 };
    const sizes = new Map<string, number>();
    cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => sizes.set(e.requestId, (sizes.get(e.requestId) ?? 0) + e.dataLength));
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      wire.encoded += e.encodedDataLength;
      wire.decoded += sizes.get(e.requestId) ?? 0;
      wire.requests += 1;
    });
    const t0 = performance.now();
    // 40 pages rendering at once on 2 cores take far longer than Playwright's 30 s default
    await page.goto(`${base}/join?code=${code}`, { timeout: 180_000 });
    await page.getByTestId('join-name').fill(name, { timeout: 120_000 });
    await page.getByTestId('kind-jumin').click();
    await page.getByTestId('join-submit').click();
    await waitForAddPin(page);
    const ms = performance.now() - t0;
    return { ms, wire };
  } finally {
    await ctx.close();
  }
}

async function waitForAddPin(page: Page): Promise<void> {
  await page.locator('[data-testid="pin-here"]:not([disabled])').waitFor({ timeout: 180_000 });
}

export async function benchPhone(): Promise<(string | number)[][]> {
  const quick = process.env.BENCH_QUICK === '1';
  const phones = quick ? 8 : 40;
  const srv = await startServer({
    dataDir: tmpDataDir('tsunagu-bench-phone-'),
    staticDir: path.join(ROOT, 'client', 'dist'),
    limits: { connectionsPerIp: 1000 },
  });
  const browser = await launchBrowser();
  try {
    const ws = await createWorkshop(srv.url, '仲町 地域福祉座談会');
    // 1. one phone alone, nothing cached
    const one = await joinOnePhone(browser, srv.url, ws.joinCode, 'はなこ');
    // 2. all phones at once
    const times = (await Promise.all(Array.from({ length: phones }, (_, i) => joinOnePhone(browser, srv.url, ws.joinCode, `住民${i + 1}`)))).map((r) => r.ms).sort((a, b) => a - b);
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    return [
      ['measure', 'value', 'goal', 'result'],
      ['bytes on the wire before 「ここにピン」 (1 phone, no cache)', kb(one.wire.encoded), '≤ 200 KB', one.wire.encoded <= GOAL_BYTES ? 'PASS' : 'FAIL'],
      ['  same, uncompressed (decoded bodies)', kb(one.wire.decoded), '', ''],
      ['  HTTP requests', one.wire.requests, '', ''],
      ['  time to 「ここにピン」 (1 phone)', `${one.ms.toFixed(0)} ms`, '', ''],
      [`${phones} phones joining at once: p50 to 「ここにピン」`, `${percentile(times, 50).toFixed(0)} ms`, '', ''],
      [`${phones} phones joining at once: p95 to 「ここにピン」`, `${percentile(times, 95).toFixed(0)} ms`, 'reported', ''],
      [`${phones} phones joining at once: max`, `${times[times.length - 1]!.toFixed(0)} ms`, '', ''],
    ];
  } finally {
    await browser.close();
    await srv.close();
  }
}
