import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api, createWorkshop, type CreatedWorkshop } from '../helpers/server.js';

/**
 * Issue 11 on the host page: the facilitator closes joining, issues a new join code, and revokes
 * and reissues the staff link; a staff laptop holding the old link is told so in plain words and
 * stops reconnecting; a phone with the old code is told the code is closed.
 */
let srv: TsunaguServer;
let browser: Browser;
let w: CreatedWorkshop;

beforeAll(async () => {
  srv = await startE2eServer();
  w = await createWorkshop(srv.url, '中央地区 地域福祉座談会', '中央小学校区');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('host page: who can get in', () => {
  it('closes joining, issues a new code, and a revoked staff link closes the staff screen for good', { timeout: 120_000 }, async () => {
    const hostCtx = await newContext(browser, 'laptop');
    // the facilitator's device created the workshop: it knows the links
    await hostCtx.addInitScript(
      ([id, links]) => localStorage.setItem(`tsunagu.links.${id}`, links),
      [w.id, JSON.stringify({ joinCode: w.joinCode, staffToken: w.staffToken, viewerToken: w.viewerToken })] as const,
    );
    const host = await hostCtx.newPage();
    const questions: string[] = [];
    host.on('dialog', (d) => {
      questions.push(d.message());
      void d.accept();
    });
    await host.goto(`${srv.url}/w/${w.id}/host#token=${w.facilitatorToken}`);
    await host.getByTestId('join-controls').waitFor();
    // the code arrives with the host's first answer, a moment after the controls render
    await expect.poll(() => host.getByTestId('join-code').getAttribute('data-code')).toBe(w.joinCode);
    await screenshot(host, 'host-access-laptop');

    // a staff member has the board open with the current staff link
    const staffCtx = await newContext(browser, 'laptop');
    const staff = await staffCtx.newPage();
    let sockets = 0;
    staff.on('websocket', () => sockets++);
    await staff.goto(`${srv.url}/w/${w.id}#token=${w.staffToken}`);
    await staff.locator('[data-testid="connection"][data-state="connected"]').waitFor();

    // close joining: asked first, then the QR code gives way to a plain notice
    await host.getByTestId('close-join').click();
    await host.getByTestId('join-closed').waitFor();
    expect(questions[0]).toContain('締め切りますか');
    const phoneCtx = await newContext(browser, 'phone');
    const phone = await phoneCtx.newPage();
    await phone.goto(`${srv.url}/join?code=${w.joinCode}`);
    await phone.locator('input').nth(1).fill('さくら');
    await phone.locator('.kind-grid button').first().click();
    await phone.locator('button[type=submit]').click();
    await phone.getByText('締め切られたか、期限が切れています').waitFor();
    await screenshot(phone, 'join-closed-phone');

    // a new code reopens joining; the old one is gone
    await host.getByTestId('rotate-code').click();
    await host.locator('[data-testid="join-code"]').waitFor();
    await expect.poll(() => host.getByTestId('join-code').getAttribute('data-code')).not.toBe(w.joinCode);
    const newCode = (await host.getByTestId('join-code').getAttribute('data-code'))!;
    expect(newCode).toMatch(/^\d{6}$/);
    expect((await api(srv.url, 'POST', '/api/join', { code: w.joinCode, name: 'x', role: 'jumin' })).status).toBe(404);
    expect((await api(srv.url, 'POST', '/api/join', { code: newCode, name: 'x', role: 'jumin' })).status).toBe(200);

    // revoke and reissue the staff link
    const oldStaffUrl = await host.getByTestId('staff-link').inputValue();
    await host.getByTestId('reissue-staff').click();
    await host.getByTestId('staff-link-fresh').waitFor();
    const newStaffUrl = await host.getByTestId('staff-link').inputValue();
    expect(newStaffUrl).not.toBe(oldStaffUrl);
    expect(questions.some((q) => q.includes('スタッフ用リンクを無効にしますか'))).toBe(true);
    await screenshot(host, 'host-access-reissued-laptop');

    // the staff screen says so plainly and does not try again
    await staff.getByText('このリンクは進行役によって使えなくなりました').waitFor();
    const afterRevoke = sockets;
    await screenshot(staff, 'link-revoked-laptop');
    // another round trip of the facilitator's; the staff page opened no socket meanwhile
    await host.getByTestId('reissue-viewer').click();
    await host.getByTestId('viewer-link-fresh').waitFor();
    await staff.evaluate(() => fetch('/healthz').then((r) => r.status));
    expect(sockets).toBe(afterRevoke);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.staffToken)).status).toBe(401);

    // the new link opens the board
    const fresh = await staffCtx.newPage();
    await fresh.goto(newStaffUrl.replace(/^https?:\/\/[^/]+/, srv.url));
    await fresh.locator('[data-testid="connection"][data-state="connected"]').waitFor();

    for (const size of ['projector', 'phone'] as const) {
      const c = await newContext(browser, size);
      const p = await c.newPage();
      await p.goto(`${srv.url}/w/${w.id}/host#token=${w.facilitatorToken}`);
      await p.getByTestId('join-controls').waitFor();
      await screenshot(p, `host-access-${size}`);
      await c.close();
    }
    await Promise.all([hostCtx.close(), staffCtx.close(), phoneCtx.close()]);
  });
});
