import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { collectErrors, launchBrowser, newContext, screenshot, SIZES } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api } from '../helpers/server.js';

/** "251216" → "２５１ ２１６" (full-width digits and an ideographic space, as typed with the IME on). */
function fullWidth(code: string): string {
  const fw = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  return `${fw.slice(0, 3)}\u3000${fw.slice(3)}`;
}

/**
 * The hall (issue 18, points 3 and 4): the facilitator link opens the workshop in a fresh
 * browser; the projector link runs read-only in projector mode with the join code; a phone joins
 * with a full-width code; an empty note is refused with a message and the limit shows while typing.
 */
describe('hall: facilitator and projector links, a full-width code, the note field', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('facilitator link → fresh browser; projector link → projector mode, read-only, with the code', async () => {
    const hostCtx = await newContext(browser, 'laptop');
    const host = await hostCtx.newPage();
    const errors = collectErrors(host);
    await host.goto(srv.url + '/');
    await host.getByTestId('create-title').fill('仲町 地域福祉座談会');
    await host.getByTestId('create-submit').click();
    await host.waitForURL(/\/w\/[A-Za-z0-9_-]+\/host$/);
    const workshopId = /\/w\/([^/]+)\/host/.exec(host.url())![1]!;
    const facilitatorUrl = await host.getByTestId('facilitator-link').inputValue();
    const projectorUrl = await host.getByTestId('projector-link').inputValue();
    expect(facilitatorUrl).toMatch(new RegExp(`/w/${workshopId}/host#token=`));
    expect(projectorUrl).toMatch(new RegExp(`/w/${workshopId}#token=`));
    await expect.poll(() => host.getByTestId('join-code').getAttribute('data-code')).toMatch(/^\d{6}$/);
    const code = (await host.getByTestId('join-code').getAttribute('data-code'))!;
    await screenshot(host, 'hall-host-links-laptop');
    await host.setViewportSize(SIZES.projector);
    await screenshot(host, 'hall-host-links-projector');
    await host.setViewportSize(SIZES.phone);
    await screenshot(host, 'hall-host-links-phone');
    expect(errors).toEqual([]);

    // another browser (nothing in its storage) opens the workshop with the facilitator link
    const otherCtx = await newContext(browser, 'laptop');
    const other = await otherCtx.newPage();
    await other.goto(facilitatorUrl);
    await expect.poll(() => other.getByTestId('join-code').getAttribute('data-code')).toBe(code);
    await other.getByTestId('open-board').click();
    await other.waitForURL(new RegExp(`/w/${workshopId}$`));
    await other.locator('[data-testid="board-page"][data-role="facilitator"]').waitFor();

    // the hall's PC opens the projector link: projector mode, read-only, join code shown
    const projCtx = await newContext(browser, 'projector');
    const proj = await projCtx.newPage();
    await proj.goto(projectorUrl);
    await proj.locator('[data-testid="board-page"][data-role="projector"][data-mode="projector"]').waitFor();
    await expect.poll(() => proj.getByTestId('projector-code').textContent()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
    await proj.getByTestId('connection').and(proj.locator('[data-state="connected"]')).waitFor();
    // the screen is not a person: presence counts the two facilitator browsers only
    await expect.poll(() => proj.getByTestId('presence').getAttribute('data-count')).toBe('2');
    // in the header's spare width, so the split screen's status row stays one line
    expect(await proj.locator('.board-head [data-testid="presence"]').count()).toBe(1);
    // one line: every item of the status row overlaps every other vertically
    const oneLine = await proj.locator('.workspace-status').evaluate((el) => {
      const boxes = [...el.children].map((c) => c.getBoundingClientRect()).filter((b) => b.height > 0);
      return Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom));
    });
    expect(oneLine).toBe(true);
    expect(await proj.getByTestId('read-only').count()).toBe(0);
    await screenshot(proj, 'hall-projector-link-projector');

    // the server side of "read-only" and "never the restricted document" for that token
    const token = decodeURIComponent(/#token=(.+)$/.exec(projectorUrl)![1]!);
    const info = await api<{ role: string; joinCode?: string }>(srv.url, 'GET', `/api/workshops/${workshopId}`, undefined, token);
    expect(info.body.role).toBe('projector');
    expect(info.body.joinCode).toBe(code);
    const exp = await api(srv.url, 'GET', `/api/workshops/${workshopId}/export.csv`, undefined, token);
    expect(exp.status).toBe(403);
    for (const ctx of [hostCtx, otherCtx, projCtx]) await ctx.close();
  });

  it('a phone joins with a full-width code; an empty note is refused; the limit shows while typing', async () => {
    const created = await api<{ id: string; joinCode: string }>(srv.url, 'POST', '/api/workshops', { title: '仲町 地域福祉座談会' });
    const ctx = await newContext(browser, 'phone');
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(srv.url + '/join');
    await page.getByTestId('join-code-input').fill(fullWidth(created.body.joinCode));
    expect(await page.getByTestId('join-code-input').inputValue()).toBe(created.body.joinCode);
    await page.getByTestId('join-name').fill('はなこ');
    await page.getByTestId('kind-jumin').click();
    await page.getByTestId('join-submit').click();
    await page.waitForURL(new RegExp(`/w/${created.body.id}$`));
    await page.getByTestId('phone-home').waitFor();

    await page.getByTestId('write-note').click();
    await expect.poll(() => page.locator('.ph-step-count').textContent()).toBe('1 / 2');
    await page.locator('[data-testid^="cat-"]').first().click();
    await expect.poll(() => page.locator('.ph-step-count').textContent()).toBe('2 / 2');
    await page.getByTestId('note-text').fill('   ');
    await page.getByTestId('send').click();
    await page.getByTestId('note-empty').waitFor();
    await screenshot(page, 'hall-phone-empty-note-phone');
    expect(await page.getByTestId('phone-text').count()).toBe(1);

    await page.getByTestId('note-text').fill('バス停が遠い');
    await expect.poll(() => page.getByTestId('note-count').textContent()).toBe('6 / 500 文字');
    expect(await page.getByTestId('note-empty').count()).toBe(0);
    await page.getByTestId('note-text').fill('あ'.repeat(5000));
    await expect.poll(() => page.getByTestId('note-count').textContent()).toContain('500 文字までです');
    await screenshot(page, 'hall-phone-note-limit-phone');
    await page.getByTestId('note-text').fill('バス停が遠くて買い物に行けない');
    await page.getByTestId('send').click();
    await page.getByTestId('phone-sent').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
  it('the connection badge shows offline within 5 s when the server goes silent (no close event)', async () => {
    const created = await api<{ id: string; joinCode: string }>(srv.url, 'POST', '/api/workshops', { title: '仲町 地域福祉座談会' });
    const ctx = await newContext(browser, 'phone');
    // a proxy that can swallow every frame both ways without closing anything (Wi-Fi gone)
    let silent = false;
    await ctx.routeWebSocket(/\/sync\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (!silent) server.send(m);
      });
      server.onMessage((m) => {
        if (!silent) ws.send(m);
      });
    });
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/join?code=${created.body.joinCode}`);
    await page.getByTestId('join-name').fill('はなこ');
    await page.getByTestId('kind-jumin').click();
    await page.getByTestId('join-submit').click();
    await page.getByTestId('connection').and(page.locator('[data-state="connected"]')).waitFor();
    silent = true;
    const t0 = Date.now();
    await page.getByTestId('connection').and(page.locator('[data-state="disconnected"]')).waitFor({ timeout: 10_000 });
    const took = Date.now() - t0;
    expect(took).toBeLessThan(5_000);
    // it reconnects through the still-silent proxy: the badge must not claim 接続中 for a socket that says nothing
    await screenshot(page, 'hall-phone-offline-badge-phone');
    expect(await page.getByTestId('connection').getAttribute('data-state')).not.toBe('connected');
    silent = false;
    await page.getByTestId('connection').and(page.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });
    await ctx.close();
  });
});
