import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import type { TsunaguServer } from '@tsunagu/server';
import { areasMap, categoriesArray, columnsArray, groupsMap, itemToYMap, itemsMap, metaMap, readMeta } from '@tsunagu/shared';
import { SIZES, launchBrowser, screenshot, type SizeName } from '../helpers/browser.js';
import { startE2eServer } from '../helpers/e2eServer.js';
import { api, connectClient, joinWorkshop, type CreatedWorkshop, type TestClient } from '../helpers/server.js';

/**
 * Issue 11, acceptance: no script from data. Every string a client can write — workshop title
 * and district, category labels, colours and icons, column labels and colours, area and group
 * names, note and pin text, author names (the join name too), resource address/phone/hours,
 * item colours, presence names and colours — holds the canaries below, written by stock
 * y-websocket clients (facilitator, staff, participant) straight into the documents, as a
 * mischievous phone could. Then every page is opened in headless Chromium: no canary may run
 * (window.__xss stays undefined, no dialog) and no request may leave the server's origin (and
 * the local tile server's). The pages run with the Content-Security-Policy bypassed, so the
 * client's own escaping and colour checks are what is tested here; the policy itself is a second
 * wall (tests/integration/hardening.test.ts checks it is sent).
 */
const P1 = '<img src=x onerror=window.__xss=1>';
const P2 = '"><script>window.__xss=2</script>';
const P3 = 'url(//127.0.0.2/x)';
const P4 = 'javascript:window.__xss=3';
const P5 = '#000"><img src=x onerror=window.__xss=4>';
const ALL = [P1, P2, P3, P4, P5].join(' ');
// Strings within each key's length limit (the server refuses longer ones: shared/src/model/keys.ts)
const S60 = `${P1}${P4}`; // 59
const T60 = `${P2}${P3}`; // 51
// Colours the server refuses for every role (tests/integration/hostile.test.ts): the seed writes
// valid colours, and a separate staff client tries these and is refused before any page sees them.
const COLOURS = [P5, P3, `red;background:${P3}`, 'expression(alert(1))'];
const VALID = ['#e57373', '#66bb6a', '#42a5f5', '#ffd54f'];

let srv: TsunaguServer;
let browser: Browser;
let w: CreatedWorkshop;
let participantToken: string;
const clients: TestClient[] = [];
let allowedOrigins: string[];

function seedPublic(doc: Y.Doc, participantName: string) {
  const [lat, lng] = readMeta(doc).center;
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('title', `${P1}${P2}`);
    meta.set('district', `${P4}${P5}`);
    const cats = categoriesArray(doc);
    // an existing category gets a poisoned label and colour, and new ones are added
    const first = cats.get(0);
    first.set('label', S60);
    first.set('icon', '"><i>');
    VALID.forEach((color, i) => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: `evil${i}`, label: `${T60} ${i}`, kind: i % 2 ? 'gap' : 'resource', color, restricted: false, icon: '<b>' })) m.set(k, v);
      cats.push([m]);
    });
    const cols = columnsArray(doc);
    cols.get(1).set('label', S60);
    const col = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: 'evilcol', label: T60, color: '#fce4ec' })) col.set(k, v);
    cols.push([col]);
    const area = new Y.Map<unknown>();
    const d = 0.01;
    for (const [k, v] of Object.entries({ id: 'evilarea', name: `${P1}${P2}`, kind: 'jichikai', polygon: [[lat - d, lng - d], [lat - d, lng + d], [lat + d, lng + d], [lat + d, lng - d]] })) area.set(k, v);
    areasMap(doc).set('evilarea', area);
    const group = new Y.Map<unknown>();
    group.set('id', 'evilgroup');
    group.set('name', S60);
    groupsMap(doc).set('evilgroup', group);
    const items = itemsMap(doc);
    VALID.forEach((color, i) => {
      const id = `evilitem${i}`;
      const m = itemToYMap(
        {
          id,
          text: `${ALL} ${i}`,
          // resources and wishes: a need's pin would have to be at area precision (issue 17)
          category: `evil${i}`,
          column: i % 2 ? 'evilcol' : 'pool',
          x: 40 + i * 240,
          y: 80,
          lat: lat + (i - 2) * 0.002,
          lng: lng + 0.001 * i,
          authorName: P1,
          authorRole: P1,
          address: ALL,
          phone: P2,
          hours: ALL,
          groupId: i < 2 ? 'evilgroup' : undefined,
          areaId: 'evilarea',
        },
        Date.now(),
      );
      m.set('color', color);
      m.set('votes', new Y.Map<number>());
      items.set(id, m);
    });
    // a note without a position, from the participant's name
    items.set('evilnote', itemToYMap({ id: 'evilnote', text: ALL, category: 'evil1', column: 'pool', x: 40, y: 400, authorName: participantName, authorRole: 'jumin' }, Date.now()));
  });
}

beforeAll(async () => {
  srv = await startE2eServer();
  const tiles = new URL(srv.config.tileUrl.replace(/\{[^}]*\}/g, '0'));
  allowedOrigins = [new URL(srv.url).origin, tiles.origin];
  const created = await api<CreatedWorkshop>(srv.url, 'POST', '/api/workshops', { title: P1, district: P2 });
  expect(created.status).toBe(201);
  w = created.body;
  participantToken = await joinWorkshop(srv.url, w.joinCode, P1, 'jumin');
  const facilitator = connectClient(srv.url, w.id, w.facilitatorToken);
  const staffRestricted = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
  const participant = connectClient(srv.url, w.id, participantToken);
  clients.push(facilitator, staffRestricted, participant);
  await Promise.all(clients.map((c) => c.synced));
  seedPublic(facilitator.doc, P1);
  const [lat, lng] = readMeta(facilitator.doc).center;
  staffRestricted.doc.transact(() => {
    const m = itemToYMap({ id: 'evilconcern', text: ALL, category: 'shinpai', column: 'pool', lat: lat + 0.001, lng, authorName: P1, authorRole: P2, address: ALL }, Date.now());
    m.set('color', '#6d4c41');
    itemsMap(staffRestricted.doc).set('evilconcern', m);
  });
  // the participant's own note, and a poisoned presence (name and colour are the sender's to set)
  itemsMap(participant.doc).set('evilmine', itemToYMap({ id: 'evilmine', text: ALL, category: 'evil1', column: 'pool', x: 300, y: 400, authorName: P1, authorRole: 'jumin' }, Date.now()));
  participant.provider.awareness.setLocalStateField('user', { id: 'evil', name: ALL, role: 'participant', kind: P1, color: P3 });
  participant.provider.awareness.setLocalStateField('cursor', { x: 100, y: 100 });
  // the script colours: refused by the server for staff too (never stored, so no page gets them)
  for (const color of COLOURS) {
    const staff = connectClient(srv.url, w.id, w.staffToken);
    clients.push(staff);
    await staff.synced;
    const closed = new Promise<number>((resolve) => staff.provider.on('connection-close', (ev: CloseEvent | null) => ((staff.provider.shouldConnect = false), resolve(ev?.code ?? 0))));
    categoriesArray(staff.doc).get(0).set('color', color);
    expect(await closed).toBe(4413);
  }
  // wait until the server holds the seeded items
  const check = connectClient(srv.url, w.id, w.viewerToken);
  clients.push(check);
  await check.synced;
  await new Promise<void>((resolve) => {
    const done = () => itemsMap(check.doc).has('evilnote') && itemsMap(check.doc).has('evilmine');
    if (done()) return resolve();
    check.doc.on('update', () => done() && resolve());
  });
  browser = await launchBrowser();
}, 120_000);

/** A context like helpers/browser newContext, but with the server's CSP bypassed (see above). */
async function newContext(b: Browser, size: SizeName) {
  const s = SIZES[size];
  const ctx = await b.newContext({
    viewport: { width: s.width, height: s.height },
    deviceScaleFactor: s.deviceScaleFactor,
    isMobile: size === 'phone',
    hasTouch: size === 'phone',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    bypassCSP: true,
  });
  // nothing reaches the network; what a page tries to reach is still seen by page.on('request')
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  return ctx;
}

afterAll(async () => {
  for (const c of clients) c.destroy();
  await browser?.close();
  await srv?.close();
});

interface Visit {
  name: string;
  path: string;
  token: () => string;
  size: SizeName;
  ready: (page: Page) => Promise<unknown>;
  /** Interactions that render more of the data (popups, lists, pickers). */
  poke?: (page: Page) => Promise<unknown>;
}

const VISITS: Visit[] = [
  { name: 'host', path: '/host', token: () => w.facilitatorToken, size: 'laptop', ready: (p) => p.getByTestId('join-code').waitFor() },
  {
    name: 'board-map-staff',
    path: '',
    token: () => w.staffToken,
    size: 'laptop',
    ready: (p) => p.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor(),
    poke: async (p) => {
      await p.getByTestId('map-pane').waitFor();
      await p.locator('[data-pin-id]').first().waitFor();
      for (const id of ['evilitem0', 'evilitem1', 'evilconcern']) {
        const pin = p.locator(`[data-pin-id="${id}"]`);
        if (await pin.count()) await pin.first().click({ force: true }).catch(() => undefined);
      }
    },
  },
  { name: 'board-projector', path: '?mode=projector', token: () => w.facilitatorToken, size: 'projector', ready: (p) => p.locator('[data-testid="board-canvas"][data-ready="true"] canvas').first().waitFor() },
  { name: 'map-projector', path: '?mode=projector&pane=map', token: () => w.facilitatorToken, size: 'projector', ready: (p) => p.locator('body').waitFor() },
  {
    name: 'phone',
    path: '',
    token: () => participantToken,
    size: 'phone',
    ready: (p) => p.getByTestId('phone-home').waitFor(),
    poke: async (p) => {
      await p.getByTestId('my-posts').waitFor({ timeout: 5000 }).catch(() => undefined);
      await p.getByTestId('write-note').click();
      await p.getByTestId('category-picker').waitFor();
    },
  },
  { name: 'print', path: '/print?paper=A3', token: () => w.facilitatorToken, size: 'laptop', ready: (p) => p.locator('body[data-print-ready="1"]').waitFor({ state: 'attached', timeout: 30_000 }) },
  { name: 'board-image', path: '/print/board', token: () => w.facilitatorToken, size: 'laptop', ready: (p) => p.getByTestId('board-image').waitFor() },
  { name: 'summary', path: '/summary', token: () => w.staffToken, size: 'laptop', ready: (p) => p.getByTestId('summary-page').waitFor() },
  { name: 'export', path: '/export', token: () => w.facilitatorToken, size: 'laptop', ready: (p) => p.getByTestId('export-panel').waitFor() },
];

describe('XSS canary', () => {
  it.each(VISITS)('$name: no canary runs and nothing leaves the origin', { timeout: 90_000 }, async (visit) => {
    const ctx = await newContext(browser, visit.size);
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    try {
      const [pathname, query = ''] = visit.path.startsWith('?') ? ['', visit.path] : visit.path.split(/(?=\?)/);
      await page.goto(`${srv.url}/w/${w.id}${pathname}${query}#token=${encodeURIComponent(visit.token())}`);
      await visit.ready(page);
      await visit.poke?.(page);
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
      // the canaries are on the page as text (so the test looks at real data)…
      const text = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('canvas')].length);
      expect(text.length).toBeGreaterThan(0);
      await screenshot(page, `xss-${visit.name}`);
      // …but none of them ran
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      const foreign = requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        try {
          return !allowedOrigins.includes(new URL(u).origin);
        } catch {
          return true;
        }
      });
      expect(foreign).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it("the server's own Chromium renders the poisoned print page and board image (print.pdf, board.png)", { timeout: 120_000 }, async () => {
    const pdf = await fetch(`${srv.url}/api/workshops/${w.id}/print.pdf?paper=A4`, { headers: { authorization: `Bearer ${w.staffToken}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const png = await fetch(`${srv.url}/api/workshops/${w.id}/board.png`, { headers: { authorization: `Bearer ${w.staffToken}` } });
    expect(png.status).toBe(200);
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('the canaries really are on the pages (the board list, the print legend)', { timeout: 60_000 }, async () => {
    const ctx = await newContext(browser, 'laptop');
    const page = await ctx.newPage();
    try {
      await page.goto(`${srv.url}/w/${w.id}/print?paper=A3#token=${encodeURIComponent(w.facilitatorToken)}`);
      await page.locator('body[data-print-ready="1"]').waitFor({ state: 'attached', timeout: 30_000 });
      const body = await page.evaluate(() => document.body.innerText);
      expect(body).toContain(P1);
      expect(body).toContain(P2);
      expect(await page.locator('.print-pin').count()).toBeGreaterThan(0);
    } finally {
      await ctx.close();
    }
  });
});
