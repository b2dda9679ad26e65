import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addPin, itemsMap, MESSAGE_SYNC, readItems } from '@tsunagu/shared';
import { launchBrowser, newContext, screenshot } from '../helpers/browser.js';
import { joinWorkshop, ROOT, startServer, tmpDataDir, waitFor } from '../helpers/server.js';
import { startTileServer, type TileServer } from './mapTiles.js';
import { RESTRICTED_PIN, SECRET, seedWorkshop, type Seeded } from './mapSeed.js';

/**
 * A participant's page never receives a restricted item: every websocket frame the page
 * receives is decoded here (Yjs sync step 2 and updates applied to a shadow document) and
 * checked for 心配な世帯 items and for the restricted text, while staff add restricted pins
 * live. Checked on the wire, not only on the screen.
 */
describe('restricted layer on the wire', () => {
  let tiles: TileServer;
  let srv: TsunaguServer;
  let browser: Browser;
  let seed: Seeded;
  beforeAll(async () => {
    tiles = await startTileServer('ok');
    srv = await startServer({ dataDir: tmpDataDir('tsunagu-privacy-'), staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: tiles.url });
    browser = await launchBrowser();
    seed = await seedWorkshop(srv.url);
  });
  afterAll(async () => {
    seed?.close();
    await browser?.close();
    await srv?.close();
    await tiles?.close();
  });

  for (const size of ['phone', 'laptop'] as const) {
    it(`a participant (${size}) gets no restricted item over the websocket`, async () => {
      const token = await joinWorkshop(srv.url, seed.ws.joinCode, `参加者${size}`, 'jumin');
      const ctx = await newContext(browser, size);
      const page = await ctx.newPage();
      const shadow = new Y.Doc();
      const urls: string[] = [];
      const raw: Buffer[] = [];
      let frames = 0;
      page.on('websocket', (ws) => {
        urls.push(ws.url());
        ws.on('framereceived', ({ payload }) => {
          const buf = typeof payload === 'string' ? Buffer.from(payload) : payload;
          raw.push(buf);
          frames++;
          const d = decoding.createDecoder(new Uint8Array(buf));
          if (decoding.readVarUint(d) !== MESSAGE_SYNC) return;
          const type = decoding.readVarUint(d);
          if (type === 1 || type === 2) Y.applyUpdate(shadow, decoding.readVarUint8Array(d));
        });
      });
      await page.goto(`${srv.url}/w/${seed.ws.id}#token=${token}`);
      if (size === 'phone') await page.getByTestId('tab-map').click();
      await page.getByTestId('map-pane').waitFor();

      // staff add another restricted pin and a public marker pin while the participant is connected
      const liveSecret = `${SECRET}-live-${size}`;
      addPin(seed.staffRestricted.doc, { text: liveSecret, category: 'shinpai', lat: 35.929, lng: 139.476 }, { areasDoc: seed.staff.doc });
      const markerId = `marker${size}`;
      addPin(seed.staff.doc, { id: markerId, text: '公開の目印', category: 'sodan', lat: 35.926, lng: 139.486 });
      await page.locator(`[data-pin-id=${markerId}]`).waitFor({ timeout: 10_000 });
      await waitFor(shadow, () => itemsMap(shadow).has(markerId), 10_000, 'marker in the shadow doc');

      expect(frames).toBeGreaterThan(0);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.some((u) => /\/staff(\?|$)/.test(new URL(u).pathname + '?'))).toBe(false);
      const items = readItems(shadow, { includeDeleted: true });
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items.filter((i) => i.category === 'shinpai')).toEqual([]);
      expect(items.some((i) => i.id === RESTRICTED_PIN.id)).toBe(false);
      const all = Buffer.concat(raw);
      expect(all.includes(Buffer.from(SECRET))).toBe(false);
      expect(all.includes(Buffer.from(liveSecret))).toBe(false);
      expect(await page.locator('[data-restricted=true]').count()).toBe(0);
      expect(await page.content()).not.toContain(SECRET);
      await screenshot(page, `map-participant-${size}`);
      await ctx.close();
    });
  }
});
