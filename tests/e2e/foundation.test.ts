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

    // typed Japanese (insertText per character, like a paste or an on-screen keyboard)
    const input = res.getByTestId('note-input');
    await input.click();
    await res.keyboard.type('買い物に行けない高齢者');
    await res.keyboard.press('Enter');
    await host.getByTestId('note-row').filter({ hasText: '買い物に行けない高齢者' }).waitFor();

    // a simulated IME composition: Enter during the composition must not commit
    const hostInput = host.getByTestId('note-input');
    await hostInput.click();
    await imeEnterWhileComposing(host, 'みまもり');
    expect(await host.getByTestId('note-row').filter({ hasText: 'みまもり' }).count()).toBe(0);
    await imeType(host, ['み', 'みま', 'みまも', 'みまもり'], '見守り');
    expect(await hostInput.inputValue()).toBe('見守り');
    await imeType(host, ['が'], 'が');
    await imeType(host, ['ひつよう'], '必要');
    await host.keyboard.press('Enter');
    await res.getByTestId('note-row').filter({ hasText: '見守りが必要' }).waitFor();
    expect(await hostInput.inputValue()).toBe('');
    // exactly one note with that text (no double commit, no half-composed note)
    expect(await res.getByTestId('note-row').filter({ hasText: '見守り' }).count()).toBe(1);
    expect(await res.getByTestId('note-row').filter({ hasText: 'みまもり' }).count()).toBe(0);
    await screenshot(res, 'foundation-board-laptop');

    expect(hostErrors).toEqual([]);
    expect(resErrors).toEqual([]);
    await hostCtx.close();
    await resCtx.close();
  });
});
