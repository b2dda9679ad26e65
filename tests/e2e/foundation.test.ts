import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { collectErrors, imeEnterWhileComposing, imeType, launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';

/**
 * The foundation flow in two browser contexts: a facilitator creates a workshop on the start
 * page, a resident joins by the 6-digit code, both add Japanese notes (typed and through a
 * simulated IME composition) and see each other's notes live.
 */
describe('foundation: create, join by code, add notes live', () => {
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

  it('creates a workshop, joins by code and syncs Japanese notes both ways', async () => {
    const hostCtx = await newContext(browser, 'laptop');
    const host = await hostCtx.newPage();
    const hostErrors = collectErrors(host);
    await host.goto(srv.url + '/');
    await host.getByTestId('create-title').fill('中央地区 地域福祉座談会');
    await host.getByTestId('create-district').fill('中央小学校区');
    await host.getByTestId('create-submit').click();
    await host.waitForURL(/\/w\/[A-Za-z0-9_-]+\/host$/);
    const codeEl = host.getByTestId('join-code');
    await expect.poll(() => codeEl.getAttribute('data-code')).toMatch(/^\d{6}$/);
    const code = (await codeEl.getAttribute('data-code'))!;
    await host.getByTestId('qr').waitFor();
    expect(await host.getByTestId('qr').getAttribute('data-qr-text')).toContain(`/join?code=${code}`);
    await screenshot(host, 'foundation-host-laptop');
    const workshopId = /\/w\/([^/]+)\/host/.exec(host.url())![1]!;

    // the resident joins on a phone-sized screen
    const resCtx = await newContext(browser, 'laptop');
    const res = await resCtx.newPage();
    const resErrors = collectErrors(res);
    await res.goto(`${srv.url}/join?code=${code}`);
    expect(await res.getByTestId('join-code-input').inputValue()).toBe(code);
    await res.getByTestId('join-name').fill('さくら');
    await res.getByTestId('kind-minsei').click();
    await screenshot(res, 'foundation-join-laptop');
    await res.getByTestId('join-submit').click();
    await res.waitForURL(new RegExp(`/w/${workshopId}$`));
    await res.getByTestId('connection').and(res.locator('[data-state="connected"]')).waitFor();

    // the facilitator opens the board
    await host.getByTestId('open-board').click();
    await host.waitForURL(new RegExp(`/w/${workshopId}$`));
    await host.getByTestId('connection').and(host.locator('[data-state="connected"]')).waitFor();

    for (const page of [host, res]) await page.locator('[data-testid="board-canvas"][data-ready="true"]').waitFor();

    // typed Japanese: the resident presses N over the board and types (one key, typing starts at once)
    const resBox = (await res.getByTestId('board-canvas').boundingBox())!;
    await res.mouse.move(resBox.x + 120, resBox.y + resBox.height - 80);
    await res.keyboard.press('n');
    await res.getByTestId('note-editor').waitFor();
    await res.keyboard.type('買い物に行けない高齢者');
    await res.keyboard.press('Enter');
    const row = (page: typeof host, text: string) => page.locator('[data-testid="note-row"]', { hasText: text });
    await row(host, '買い物に行けない高齢者').waitFor({ state: 'attached' });

    // a simulated IME composition on the facilitator's page: Enter during the composition must not commit
    const hostBox = (await host.getByTestId('board-canvas').boundingBox())!;
    await host.mouse.move(hostBox.x + 300, hostBox.y + hostBox.height - 80);
    await host.keyboard.press('n');
    const editor = host.getByTestId('note-editor');
    await editor.waitFor();
    await imeEnterWhileComposing(host, 'みまもり');
    expect(await editor.isVisible()).toBe(true);
    expect(await row(res, 'みまもり').count()).toBe(0);
    await imeType(host, ['み', 'みま', 'みまも', 'みまもり'], '見守り');
    expect(await editor.inputValue()).toBe('見守り');
    await imeType(host, ['が'], 'が');
    await imeType(host, ['ひつよう'], '必要');
    await host.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await row(res, '見守りが必要').waitFor({ state: 'attached' });
    // exactly one note with that text (no double commit, no half-composed note)
    expect(await row(res, '見守り').count()).toBe(1);
    expect(await row(res, 'みまもり').count()).toBe(0);
    await screenshot(res, 'foundation-board-laptop');

    expect(hostErrors).toEqual([]);
    expect(resErrors).toEqual([]);
    await hostCtx.close();
    await resCtx.close();
  });
});
