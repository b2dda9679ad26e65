import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, itemsMap } from '@tsunagu/shared';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, createWorkshop, eventually, type CreatedWorkshop, type TestClient } from '../helpers/server.js';
import { noteRow, notePoint, openBoard } from './boardSetup.js';

/**
 * Issue 17: a note with 「ごみ屋敷」 is held back from the projector until a facilitator
 * releases it from the selection bar (「投影に出す」). Screenshots at projector and laptop size.
 */
describe('privacy: a held note stays off the projector until released', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let w: CreatedWorkshop;
  let fac: TestClient;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    w = await createWorkshop(srv.url, '本町自治会 マップづくり', '中央小学校区');
    fac = connectClient(srv.url, w.id, w.facilitatorToken);
    await fac.synced;
  });
  afterAll(async () => {
    fac?.destroy();
    await browser?.close();
    await srv?.close();
  });

  it('the projector does not show the held note; after 「投影に出す」 it does', async () => {
    const plain = addItem(fac.doc, { text: '坂道が多くバス停が遠い', category: 'ido', x: 40, y: 100 });
    const held = addItem(fac.doc, { text: '角の家がごみ屋敷になっている', category: 'sumai', x: 40, y: 260 });
    expect(itemsMap(fac.doc).get(held)!.get('held')).toBe(true);
    const proj = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'projector', '?mode=projector&pane=board');
    await noteRow(proj.page, plain).waitFor({ state: 'attached' });
    expect(await noteRow(proj.page, held).count()).toBe(0);
    await screenshot(proj.page, 'privacy-held-projector-before');

    const laptop = await openBoard(browser, srv.url, w.id, w.facilitatorToken, 'laptop', '?pane=board');
    const pt = await notePoint(laptop.page, held);
    await laptop.page.mouse.click(pt.x, pt.y);
    const release = laptop.page.getByTestId('release-held');
    await release.waitFor();
    await screenshot(laptop.page, 'privacy-held-laptop-release');
    await release.click();
    await eventually(() => itemsMap(fac.doc).get(held)!.get('held') === false, 5000, 'released');
    await noteRow(proj.page, held).waitFor({ state: 'attached' });
    await screenshot(proj.page, 'privacy-held-projector-after');
    await proj.ctx.close();
    await laptop.ctx.close();
  });
});
