import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addPin, readItems } from '@tsunagu/shared';
import { collectErrors, launchBrowser, newContext, screenshot, SIZES } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, waitFor } from '../helpers/server.js';
import { seedWorkshop, type Seeded } from '../integration/exportSeed.js';

/**
 * The printed map of the hall (issue 18, point 6): with tiles drawn, the 出典 is printed (the
 * export e2e test shows it is left out when none was drawn); twelve pins on one spot are spread
 * so every number shows (no two round badges intersect); the legend is sectioned by kind and area.
 */
describe('hall print: spread pins, legend sections, 出典 with tiles', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let seeded: Seeded;
  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
    seeded = await seedWorkshop(srv.url);
    const staff = connectClient(srv.url, seeded.ws.id, seeded.ws.staffToken);
    await staff.synced;
    // twelve resources at the salon's very spot (a 公民館 holding many groups)
    for (let i = 1; i <= 12; i++) addPin(staff.doc, { text: `公民館の自主グループ ${i}`, category: i % 2 ? 'ibasho' : 'kayoi', lat: 35.9265, lng: 139.478, authorName: 'CSW', authorRole: 'csw' }, { areasDoc: staff.doc });
    const check = connectClient(srv.url, seeded.ws.id, seeded.ws.viewerToken);
    await waitFor(check.doc, () => readItems(check.doc).filter((i) => i.text.startsWith('公民館の自主グループ')).length === 12, 10_000, 'the twelve pins');
    staff.destroy();
    check.destroy();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('every number shows, the legend has kind and area sections, the 出典 is printed', { timeout: 90_000 }, async () => {
    for (const size of ['laptop', 'projector'] as const) {
      const ctx = await newContext(browser, size);
      const page = await ctx.newPage();
      const errors = collectErrors(page);
      await page.goto(`${srv.url}/w/${seeded.ws.id}/print?paper=A3#token=${seeded.ws.facilitatorToken}`);
      await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });

      const badges = await page.locator('.print-pin span').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(badges.length).toBeGreaterThanOrEqual(15);
      const overlaps: string[] = [];
      for (let i = 0; i < badges.length; i++)
        for (let j = i + 1; j < badges.length; j++) {
          const a = badges[i]!;
          const b = badges[j]!;
          // the badges are round: two overlap when their centres are closer than a diameter
          const d = Math.hypot(a.left + a.width / 2 - (b.left + b.width / 2), a.top + a.height / 2 - (b.top + b.height / 2));
          if (d < (a.width + b.width) / 2 - 0.5) overlaps.push(`${i}/${j} ${d.toFixed(1)}px`);
        }
      expect(overlaps).toEqual([]);
      expect(await page.locator('.print-pin-moved').count()).toBeGreaterThanOrEqual(12);
      // every number 1…n is on the map once
      const numbers = (await page.locator('.print-pin span').allTextContents()).map(Number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));

      const kinds = await page.locator('[data-testid="legend-heading"][data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(kinds).toEqual(expect.arrayContaining(['resource', 'gap']));
      expect(new Set(kinds).size).toBe(kinds.length); // each kind headed once
      expect(await page.locator('.legend-kind').first().textContent()).toMatch(/^地域の資源/);
      expect(await page.locator('.legend-area').count()).toBeGreaterThanOrEqual(2);

      expect(await page.getByTestId('print-credit').getAttribute('data-tiles')).toBe('drawn');
      expect(await page.getByTestId('print-credit').textContent()).toContain('出典');
      await page.setViewportSize(size === 'laptop' ? SIZES.laptop : SIZES.projector);
      await screenshot(page, `hall2-print-spread-${size}`);
      expect(errors).toEqual([]);
      await ctx.close();
    }
  });
});
