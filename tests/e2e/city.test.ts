import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, addPin, readItems } from '@tsunagu/shared';
import { collectErrors, imeType, launchBrowser, newContext, screenshot, SCREENSHOT_DIR, type SizeName } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { connectClient, joinWorkshop, ROOT, waitFor, type TestClient } from '../helpers/server.js';
import { notePoint, noteIdByText, openBoard } from './boardSetup.js';

/**
 * Issue 14, the coordinator's day in headless Chromium: the start page (opened on the laptop
 * itself) offers the coordinator screen; the coordinator adds a 地区 by name (IME), imports the
 * school-district file through the file input (the kind of each area from the file), creates
 * three district workshops;
 * residents joined by code pin needs and resources (one resource named in two districts with
 * different spellings) and staff pin a 心配な世帯 that must never show; the city map shows
 * every public pin; the facilitator of one district lifts two issues with 「市へ上げる」 (the
 * third is refused by the limit) and they appear under 市へ上げた課題, from which the city
 * meeting is created; the city map prints to a PDF, which is rendered and looked at.
 * Every screen is photographed at laptop and projector sizes.
 */
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'chuo_school_district.geojson');
const SECRET = '秘密の世帯テストXYZ';
const DISTRICTS = ['仲町自治会', '元町自治会', '本町自治会'] as const;

describe('city: coordinator screens, lifting, city print', () => {
  let srv: TsunaguServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  const clients: TestClient[] = [];
  const workshops: { id: string; title: string; joinCode: string; facilitatorToken: string; staffToken: string }[] = [];

  beforeAll(async () => {
    srv = await startE2eServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await browser?.close();
    await srv?.close();
  });

  const shoot = async (url: string, name: string, sizes: SizeName[] = ['laptop', 'projector'], ready = '[data-testid="city-home"]') => {
    for (const size of sizes) {
      const c = await newContext(browser, size);
      const token = await page.evaluate(() => localStorage.getItem('tsunagu.org.default'));
      await c.addInitScript((t) => localStorage.setItem('tsunagu.org.default', t ?? ''), token);
      const p = await c.newPage();
      const errs = collectErrors(p);
      await p.goto(url);
      await p.locator(ready).first().waitFor({ timeout: 30_000 });
      await screenshot(p, `${name}-${size}`);
      expect(errs).toEqual([]);
      await c.close();
    }
  };

  it('start page offers the coordinator screen on this laptop', async () => {
    for (const size of ['phone', 'laptop'] as const) {
      const c = await newContext(browser, size);
      const p = await c.newPage();
      await p.goto(`${srv.url}/`);
      await p.getByTestId('open-coordinator').waitFor();
      await screenshot(p, `city-start-${size}`);
      await c.close();
    }
    // a wrong link says so plainly (and a workshop's facilitator token is no coordinator token)
    const bad = await newContext(browser, 'laptop');
    const bp = await bad.newPage();
    await bp.goto(`${srv.url}/o/default#token=not-a-coordinator-token`);
    expect(await bp.getByTestId('city-error').textContent()).toContain('新しいリンク');
    await bad.close();
    ctx = await newContext(browser, 'laptop');
    page = await ctx.newPage();
    errors = collectErrors(page);
    await page.goto(`${srv.url}/`);
    await page.getByTestId('open-coordinator').click();
    await page.getByTestId('city-home').waitFor();
    // the token left the address bar and is kept on this device
    expect(page.url()).toBe(`${srv.url}/o/default`);
    expect(await page.evaluate(() => localStorage.getItem('tsunagu.org.default'))).toMatch(/.{16,}/);
    expect(await page.getByTestId('org-name').textContent()).toBeTruthy();
  });

  it('adds a 地区 by name (IME) and imports the school-district file (its 自治会 nest under the 小学校区)', async () => {
    await page.getByTestId('tab-units').click();
    await page.getByTestId('units-tab').waitFor();
    await page.getByTestId('unit-name').click();
    await imeType(page, ['ちゅうおう', '中央', '中央ちく'], '中央地区');
    await page.getByTestId('unit-level').selectOption('chiku');
    await page.getByTestId('unit-add').click();
    await page.locator('[data-testid="unit-node"][data-unit-name="中央地区"]').waitFor();

    await page.getByTestId('units-file').setInputFiles(FIXTURE);
    await expect.poll(() => page.getByTestId('units-name-property').inputValue()).toBe('name');
    // the file says each feature's kind (school / jichikai): the form offers to take it from there
    expect(await page.getByTestId('units-level-property').inputValue()).toBe('kind');
    await page.getByTestId('units-import').click();
    await page.getByTestId('units-result').waitFor();
    expect(await page.getByTestId('units-result').textContent()).toContain('4');
    // the 自治会 nest under the 小学校区 whose outline holds them
    const school = page.locator('[data-testid="unit-node"][data-unit-name="中央小学校区"]');
    expect(await school.getAttribute('data-level')).toBe('school');
    const nested = school.locator('[data-testid="unit-node"]');
    await expect.poll(() => nested.count()).toBe(3);
    expect(await nested.evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.level}:${(e as HTMLElement).dataset.unitName}`).sort())).toEqual(DISTRICTS.map((d) => `jichikai:${d}`).sort());

    // a bad file is refused with a clear message, and nothing is stored
    const bad = path.join(SCREENSHOT_DIR, 'not-a-collection.geojson');
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '点だけ' }, geometry: { type: 'Point', coordinates: [139.48, 35.93] } }] }));
    await page.getByTestId('units-file').setInputFiles(bad);
    await page.getByTestId('units-import').click();
    await page.getByTestId('units-error').waitFor();
    expect(await page.getByTestId('units-error').textContent()).toMatch(/polygon|ポリゴン/i);
    expect(await page.locator('[data-testid="unit-node"]').count()).toBe(5);

    // an area drawn on the map: four clicks, four corners
    await page.getByTestId('unit-name').fill('北部地区');
    await page.getByTestId('unit-level').selectOption('chiku');
    await page.getByTestId('unit-draw').click();
    await page.getByTestId('unit-draw-map').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('unit-draw-map').boundingBox())!;
    for (const [fx, fy] of [[0.3, 0.3], [0.7, 0.3], [0.7, 0.6], [0.3, 0.6]] as const) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    await expect.poll(() => page.getByTestId('unit-draw-map').getAttribute('data-points')).toBe('4');
    await screenshot(page, 'city-units-draw-laptop');
    await page.getByTestId('unit-add').click();
    const drawn = page.locator('[data-testid="unit-node"][data-unit-name="北部地区"]');
    await drawn.waitFor();
    expect(await drawn.textContent()).not.toContain('境界なし');
    const token = (await page.evaluate(() => localStorage.getItem('tsunagu.org.default')))!;
    const units = (await (await page.request.get(`${srv.url}/api/orgs/default/units`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { units: { name: string; level: string; geometry?: { type: string; coordinates: number[][][] } }[] };
    const north = units.units.find((u) => u.name === '北部地区')!;
    expect(north.level).toBe('chiku');
    expect(north.geometry?.type).toBe('Polygon');
    expect(north.geometry?.coordinates[0]).toHaveLength(5);
  });

  it('creates three district workshops, listed by area with their status', async () => {
    await page.getByTestId('tab-workshops').click();
    await page.getByTestId('workshops-tab').waitFor();
    for (const d of DISTRICTS) {
      await page.getByTestId('new-workshop').click();
      const unitId = await page.locator('[data-testid="new-workshop-unit"] option', { hasText: d }).getAttribute('value');
      await page.getByTestId('new-workshop-unit').selectOption(unitId!);
      await page.getByTestId('new-workshop-title').fill(`${d} 地域福祉座談会`);
      await page.getByTestId('new-workshop-submit').click();
      await page.getByTestId('created-notice').waitFor();
    }
    await expect.poll(() => page.getByTestId('workshop-row').count()).toBe(3);
    expect(await page.locator('[data-testid="workshop-row"][data-status="preparing"]').count()).toBe(3);
    const ids = await page.getByTestId('workshop-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.workshopId!));
    for (const id of ids) {
      const links = await page.evaluate((wid) => JSON.parse(localStorage.getItem(`tsunagu.links.${wid}`) ?? 'null') as { joinCode: string; staffToken: string }, id);
      const token = await page.evaluate((wid) => localStorage.getItem(`tsunagu.token.${wid}`), id);
      const title = (await page.locator(`[data-testid="workshop-row"][data-workshop-id="${id}"] .city-row-title`).textContent())!;
      workshops.push({ id, title, joinCode: links.joinCode, staffToken: links.staffToken, facilitatorToken: token! });
    }
    // search (IME-safe: runs on the committed text)
    await page.getByTestId('workshop-search').click();
    await imeType(page, ['もと', '元'], '元町');
    await page.getByTestId('workshop-search-go').click();
    await expect.poll(() => page.getByTestId('workshop-row').count()).toBe(1);
    await page.getByTestId('workshop-search').fill('');
    await page.getByTestId('workshop-search-go').click();
    await expect.poll(() => page.getByTestId('workshop-row').count()).toBe(3);
  });

  it('residents’ pins of every district appear on the city map; the 心配な世帯 never does', { timeout: 90_000 }, async () => {
    const byTitle = (d: string) => workshops.find((w) => w.title.startsWith(d))!;
    // residents join each district's workshop by its code and pin (real y-websocket clients)
    const pins: Record<string, { text: string; category: string; lat: number; lng: number }[]> = {
      仲町自治会: [
        { text: '一人暮らしの高齢者が多い', category: 'mimamori', lat: 35.93, lng: 139.478 },
        { text: '公民館のサロン', category: 'ibasho', lat: 35.9335, lng: 139.4825 },
      ],
      元町自治会: [
        { text: '買い物できる店がほしい', category: 'attara', lat: 35.918, lng: 139.478 },
        { text: '「公民館の サロン」', category: 'ibasho', lat: 35.93352, lng: 139.48252 },
      ],
      本町自治会: [
        { text: '子ども食堂（月2回）', category: 'kodomo-shokudo', lat: 35.92, lng: 139.49 },
        { text: '坂道で買い物が大変', category: 'ido', lat: 35.921, lng: 139.491 },
      ],
    };
    let total = 0;
    for (const d of DISTRICTS) {
      const w = byTitle(d);
      const token = await joinWorkshop(srv.url, w.joinCode, `住民${d[0]}`, 'jumin');
      const c = connectClient(srv.url, w.id, token);
      clients.push(c);
      await c.synced;
      for (const p of pins[d]!) addPin(c.doc, p, { areasDoc: c.doc });
      total += pins[d]!.length;
      // issue notes on the board (the pool lane) for lifting
      if (d === '仲町自治会') for (const text of ['見守りの担い手が足りない', '集会所が遠い', 'ゴミ出しが大変']) addItem(c.doc, { text, category: 'mimamori', column: 'pool' });
      await waitFor(c.doc, () => readItems(c.doc).length >= pins[d]!.length, 10_000, 'pins written');
    }
    // staff pin a household of concern (restricted document) in 仲町
    const w0 = byTitle('仲町自治会');
    const staff = connectClient(srv.url, w0.id, w0.staffToken);
    const staffR = connectClient(srv.url, w0.id, w0.staffToken, { restricted: true });
    clients.push(staff, staffR);
    await Promise.all([staff.synced, staffR.synced]);
    addPin(staffR.doc, { text: SECRET, category: 'shinpai', lat: 35.929, lng: 139.476 }, { areasDoc: staff.doc });
    // a viewer sees every public pin persisted before the city view reads them
    for (const d of DISTRICTS) {
      const probe = connectClient(srv.url, byTitle(d).id, byTitle(d).staffToken);
      await probe.synced;
      await waitFor(probe.doc, () => readItems(probe.doc).filter((i) => i.lat !== undefined).length === pins[d]!.length, 10_000, `pins of ${d}`);
      probe.destroy();
    }

    await page.getByTestId('tab-map').click();
    await page.getByTestId('map-tab').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('map-tab').getAttribute('data-pin-count')), { timeout: 15_000 }).toBe(total);
    await expect.poll(async () => Number(await page.getByTestId('city-map').getAttribute('data-pins-drawn'))).toBe(total);
    // the merged resource list follows the map (asked for once the map is drawn)
    await page.locator('[data-testid="merged-resources"][data-loaded="true"]').waitFor({ timeout: 15_000 });
    // the same salon named in two districts (different spellings, 3 m apart) is one resource with both districts
    const salon = page.locator('[data-testid="merged-resource"]', { hasText: 'サロン' });
    expect(await salon.count()).toBe(1);
    expect(await salon.getAttribute('data-districts')).toBe('2');
    // a layer per unit: hiding 本町 hides its two pins
    const layer = page.locator('.city-checks label', { hasText: '本町自治会' }).locator('input');
    await layer.uncheck();
    await expect.poll(async () => Number(await page.getByTestId('city-map').getAttribute('data-pins-drawn'))).toBe(total - 2);
    await layer.check();
    // filter by kind: gaps off
    await page.getByTestId('kind-gap').uncheck();
    await expect.poll(async () => Number(await page.getByTestId('city-map').getAttribute('data-pins-drawn'))).toBe(total - 1);
    await page.getByTestId('kind-gap').check();
    // a click on a pin (drawn on the canvas) opens its text
    const at = await page.getByTestId('city-map').evaluate((el) => {
      const m = (el as HTMLElement & { _cityMap: { latLngToContainerPoint(ll: [number, number]): { x: number; y: number } } })._cityMap;
      const r = el.getBoundingClientRect();
      const p = m.latLngToContainerPoint([35.918, 139.478]);
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('.leaflet-popup-content').textContent()).toContain('買い物できる店がほしい');
    expect(await page.content()).not.toContain(SECRET);
    await screenshot(page, 'city-map-laptop-live');
  });

  it('the facilitator lifts issues with 「市へ上げる」 (limit 2) and they appear in 市へ上げた課題', { timeout: 90_000 }, async () => {
    const w0 = workshops.find((w) => w.title.startsWith('仲町自治会'))!;
    // the coordinator opens the district's board (a fresh facilitator token from the server)
    await page.getByTestId('tab-workshops').click();
    await page.locator(`[data-testid="workshop-row"][data-workshop-id="${w0.id}"] [data-testid="open-board"]`).click();
    await page.waitForURL(`${srv.url}/w/${w0.id}`);
    await page.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor();
    const lift = async (text: string) => {
      const id = await noteIdByText(page, text);
      await page.keyboard.press('Escape');
      const pt = await notePoint(page, id);
      await page.mouse.click(pt.x, pt.y);
      await expect.poll(() => page.getByTestId('selection-count').textContent()).toContain('1');
      return id;
    };
    const a = await lift('見守りの担い手が足りない');
    expect(await page.getByTestId('lift-left').textContent()).toContain('2');
    await page.getByTestId('lift-toggle').click();
    await expect.poll(() => page.getByTestId('lift-toggle').getAttribute('data-lifted')).toBe('true');
    await expect.poll(() => page.getByTestId('lift-left').textContent()).toContain('あと 1 件');
    const b = await lift('集会所が遠い');
    await page.getByTestId('lift-toggle').click();
    await expect.poll(() => page.getByTestId('lift-left').textContent()).toContain('あと 0 件');
    await lift('ゴミ出しが大変');
    expect(await page.getByTestId('lift-toggle').isDisabled()).toBe(true);
    expect(await page.getByTestId('lift-left').getAttribute('data-full')).toBe('true');
    expect(await page.getByTestId('lift-toggle').getAttribute('title')).toContain('上限 2 件');
    await screenshot(page, 'city-lift-limit-laptop');
    // the 「市へ」 badge on both lifted notes
    const badges = await page.evaluate(() => {
      const K = (window as unknown as { Konva: { stages: { find(s: string): { getAttr(k: string): unknown }[] }[] } }).Konva;
      return K.stages[0]!.find('.lift-badge').map((x) => x.getAttr('noteId') as string);
    });
    expect(badges.sort()).toEqual([a, b].sort());
    await page.keyboard.press('Escape');
    await screenshot(page, 'city-lift-board-laptop');

    // the badge is on every screen: the hall's projector shows it too
    const proj = await openBoard(browser, srv.url, w0.id, w0.facilitatorToken, 'projector', '?mode=projector');
    await expect
      .poll(() =>
        proj.page.evaluate(() => {
          const K = (window as unknown as { Konva: { stages: { find(s: string): unknown[] }[] } }).Konva;
          return K.stages[0]!.find('.lift-badge').length;
        }),
      )
      .toBe(2);
    await screenshot(proj.page, 'city-lift-board-projector');
    await proj.ctx.close();

    await page.goto(`${srv.url}/o/default?tab=lifted`);
    await page.getByTestId('lifted-tab').waitFor();
    await expect.poll(() => page.getByTestId('lifted-issue').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('lifted-group').first().textContent()).toContain('仲町自治会');
    await page.getByTestId('make-city-meeting').click();
    await page.getByTestId('city-meeting-created').waitFor();
  });

  it('every screen at laptop and projector size', { timeout: 180_000 }, async () => {
    const o = `${srv.url}/o/default`;
    await shoot(`${o}`, 'city-workshops', undefined, '[data-testid="workshop-row"]');
    await shoot(`${o}?tab=units`, 'city-units', undefined, '[data-testid="unit-node"]');
    await shoot(`${o}?tab=map`, 'city-map', undefined, '[data-testid="city-map"][data-pins-drawn]');
    await shoot(`${o}?tab=summary`, 'city-summary', undefined, '[data-testid="city-summary"]');
    await shoot(`${o}?tab=lifted`, 'city-lifted', undefined, '[data-testid="lifted-issue"]');
    await shoot(`${o}?tab=export`, 'city-export', undefined, '[data-testid="export-tab"]');
    await shoot(`${o}/city/summary`, 'city-summary-page', undefined, 'body[data-print-ready="1"]');
    await shoot(`${o}/city/print?paper=A3`, 'city-print-a3', undefined, 'body[data-print-ready="1"]');
    // English
    const token = await page.evaluate(() => localStorage.getItem('tsunagu.org.default'));
    const en = await newContext(browser, 'laptop', { lang: 'en' });
    await en.addInitScript((t) => localStorage.setItem('tsunagu.org.default', t ?? ''), token);
    const p = await en.newPage();
    for (const tab of ['workshops', 'map'] as const) {
      await p.goto(`${o}?tab=${tab}`);
      await p.locator(tab === 'map' ? '[data-testid="city-map"][data-drawn="1"]' : '[data-testid="workshop-row"]').first().waitFor();
      expect(await p.getByTestId('tab-workshops').textContent()).toBe('District workshops');
      await screenshot(p, `city-${tab}-laptop-en`);
    }
    await en.close();
  });

  it('prints the city map: city.pdf is a PDF of reasonable size; its first page is rendered to look at', { timeout: 120_000 }, async () => {
    const token = (await page.evaluate(() => localStorage.getItem('tsunagu.org.default')))!;
    // the print page itself: numbered pins and the legend grouped by district, QR code to /o/default
    await page.goto(`${srv.url}/o/default/city/print?paper=A3`);
    await page.locator('body[data-print-ready="1"]').waitFor({ timeout: 30_000 });
    const numbers = (await page.locator('.print-pin span').allTextContents()).map(Number).sort((x, y) => x - y);
    // the resources: the salon named in two districts is one number; the 子ども食堂
    expect(numbers.length).toBe(2);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const districts = await page.getByTestId('legend-district').allTextContents();
    expect(districts.length).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('qr').getAttribute('data-qr-text')).toMatch(/\/o\/default$/);
    expect(await page.content()).not.toContain(SECRET);

    for (const paper of ['A3', 'A1'] as const) {
      const res = await page.request.get(`${srv.url}/api/orgs/default/city.pdf?paper=${paper}`, { headers: { Authorization: `Bearer ${token}` }, timeout: 90_000 });
      expect(res.status()).toBe(200);
      const pdf = await res.body();
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
      expect(pdf.length).toBeLessThan(40_000_000);
      const file = path.join(SCREENSHOT_DIR, `city-${paper}.pdf`);
      fs.writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', paper === 'A1' ? '20' : '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOT_DIR, `city-print-pdf-${paper}`)]);
      // one page of the paper's size (landscape, in points): A3 1191×842, A1 2384×1684
      const info = execFileSync('pdfinfo', [file]).toString();
      const [pw, ph] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
      expect([Math.round(pw! / 10), Math.round(ph! / 10)]).toEqual(paper === 'A1' ? [238, 168] : [119, 84]);
      const text = execFileSync('pdftotext', [file, '-']).toString();
      expect(text).toContain('凡例');
      expect(text).not.toContain(SECRET);
    }
    expect(errors.filter((e) => !/401|404/.test(e))).toEqual([]);
  });
  it('from the list: 終了にする, 前回の続きでつくる (same area), 開く (the host page as facilitator)', { timeout: 60_000 }, async () => {
    const w = workshops.find((x) => x.title.startsWith('本町自治会'))!;
    await page.goto(`${srv.url}/o/default`);
    const row = page.locator(`[data-testid="workshop-row"][data-workshop-id="${w.id}"]`);
    await row.getByTestId('end-toggle').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('ended');
    expect(await row.getByTestId('status-chip').textContent()).toBe('終了');
    const before = await page.getByTestId('workshop-row').count();
    page.once('dialog', (d) => void d.accept());
    await row.getByTestId('continue').click();
    await page.getByTestId('created-notice').waitFor();
    await expect.poll(() => page.getByTestId('workshop-row').count()).toBe(before + 1);
    // the next meeting is listed under the same area (a new one: 準備中 or, carrying notes over, 開催中)
    const group = page.locator('[data-testid="workshop-group"]', { has: page.locator(`[data-workshop-id="${w.id}"]`) });
    expect(await group.getByTestId('workshop-row').count()).toBe(2);
    await row.getByTestId('open-host').click();
    await page.waitForURL(`${srv.url}/w/${w.id}/host`);
    await page.getByText('参加コード').first().waitFor();
  });
});
