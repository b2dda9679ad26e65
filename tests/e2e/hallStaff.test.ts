import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { collectErrors, imeType, launchBrowser, newContext, screenshot, SIZES } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, eventually, type CreatedWorkshop } from '../helpers/server.js';

interface Peer {
  user?: { name?: string; kind?: string; role?: string };
}

/**
 * The hall (issue 18, points 3 and 5): staff and facilitator links ask for a name the first
 * time (typed with the IME), keep it in the browser and show it in presence instead of
 * 「その他」 or a raw role; the host page prints the facilitator link as a QR slip.
 */
describe('hall: staff names, the facilitator link slip', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ws: CreatedWorkshop;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    ws = await createWorkshop(srv.url, '仲町 地域福祉座談会', '仲町');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const peerNames = (obs: ReturnType<typeof connectClient>) =>
    [...obs.provider.awareness.getStates().values()].map((s) => (s as Peer).user).filter((u): u is NonNullable<Peer['user']> => !!u);

  it('a staff link asks a name once (IME), and presence shows it with its kind', async () => {
    const obs = connectClient(srv.url, ws.id, ws.facilitatorToken);
    await obs.synced;
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(`${srv.url}/w/${ws.id}#token=${ws.staffToken}`);
    const strip = page.getByTestId('staff-name');
    await strip.waitFor();
    await screenshot(page, 'hall2-staff-name-laptop');
    // an empty name is refused with a message, nothing stored
    await page.getByTestId('staff-name-ok').click();
    await page.locator('.staff-name-error').waitFor();
    await page.getByTestId('staff-name-input').click();
    await imeType(page, ['た', 'たなか', '田中'], '田中');
    await page.getByTestId('staff-kind').selectOption('houkatsu');
    await page.getByTestId('staff-name-ok').click();
    await expect.poll(() => strip.count()).toBe(0);
    await eventually(() => peerNames(obs).some((u) => u.name === '田中' && u.kind === 'houkatsu' && u.role === 'staff'), 10_000, 'the staff name in presence');

    // a reload does not ask again; the name is still the presence name
    await page.reload();
    await page.getByTestId('board-page').waitFor();
    await eventually(() => peerNames(obs).filter((u) => u.name === '田中').length >= 1, 10_000, 'the name after a reload');
    expect(await page.getByTestId('staff-name').count()).toBe(0);
    expect(peerNames(obs).some((u) => u.name === 'staff' || u.kind === 'other')).toBe(false);
    expect(errors).toEqual([]);
    await ctx.close();
    obs.destroy();
  });

  it('the host page prints the facilitator link as a QR slip; a fresh browser with it is asked a name', async () => {
    const ctx = await newContext(browser, 'laptop');
    const host = await ctx.newPage();
    await host.goto(`${srv.url}/w/${ws.id}/host#token=${ws.facilitatorToken}`);
    const link = await host.getByTestId('facilitator-link').inputValue();
    await host.getByTestId('slip-open').click();
    const slip = host.getByTestId('key-slip');
    await slip.waitFor();
    await expect.poll(() => slip.getByTestId('qr').getAttribute('data-qr-text')).toBe(link);
    expect(await slip.innerText()).toContain('仲町 地域福祉座談会');
    await slip.scrollIntoViewIfNeeded();
    await screenshot(host, 'hall2-host-slip-laptop');
    await host.setViewportSize(SIZES.phone);
    await slip.scrollIntoViewIfNeeded();
    await screenshot(host, 'hall2-host-slip-phone');
    // printed, the slip is all there is on the page
    await host.emulateMedia({ media: 'print' });
    await host.setViewportSize({ width: 794, height: 1123 });
    expect(await host.getByTestId('join-code').isVisible()).toBe(false);
    expect(await slip.isVisible()).toBe(true);
    expect(await host.getByTestId('facilitator-link').isVisible()).toBe(false);
    await screenshot(host, 'hall2-host-slip-print');
    await ctx.close();

    // the slip's link in a browser that has never seen the workshop: host page, board, a name
    const fresh = await newContext(browser, 'projector');
    const page = await fresh.newPage();
    await page.goto(link);
    await page.getByTestId('open-board').click();
    await page.locator('[data-testid="board-page"][data-role="facilitator"]').waitFor();
    await page.getByTestId('staff-name').waitFor();
    expect(await page.getByTestId('staff-kind').count()).toBe(0); // the facilitator is 進行役
    await screenshot(page, 'hall2-facilitator-name-projector');
    await page.getByTestId('staff-name-input').fill('佐藤');
    await page.getByTestId('staff-name-input').press('Enter');
    await expect.poll(() => page.getByTestId('staff-name').count()).toBe(0);
    const obs = connectClient(srv.url, ws.id, ws.viewerToken);
    await obs.synced;
    await eventually(() => peerNames(obs).some((u) => u.name === '佐藤' && u.role === 'facilitator'), 10_000, 'the facilitator name in presence');
    obs.destroy();
    await fresh.close();
  });

  it('in English: the name strip, the lanes and the legend read in English (screenshot at projector size)', async () => {
    const ctx = await newContext(browser, 'projector', { lang: 'en' });
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/w/${ws.id}#token=${ws.staffToken}`);
    await page.getByTestId('staff-name').waitFor();
    expect(await page.getByTestId('staff-name').innerText()).toContain('Please enter your name');
    await page.getByTestId('board-ready').or(page.locator('canvas').first()).first().waitFor();
    await page.getByTestId('layer-cat-ido').waitFor();
    expect(await page.locator('label:has([data-testid="layer-cat-ido"])').innerText()).toContain('Transport / shopping');
    await screenshot(page, 'hall2-board-en-projector');
    await ctx.close();
  });
});
