import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { joinWorkshop, ROOT, startServer, type CreatedWorkshop } from '../helpers/server.js';
import { manyResourceName, seedManyResources, seedWorkshop, type Seeded } from './exportSeed.js';

/**
 * The print route renders the client's print page in headless Chromium. Needs the built
 * client (`npm test` builds it first) and poppler-utils (pdftoppm). The tile server points at
 * a closed local port: no test ever reaches the network.
 */
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
let srv: TsunaguServer;
let seeded: Seeded;
const MANY = 180;
const FEW = 10;
let many: CreatedWorkshop;
let few: CreatedWorkshop;

beforeAll(async () => {
  srv = await startServer({
    staticDir: path.join(ROOT, 'client', 'dist'),
    tileUrl: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png',
    tileAttribution: 'テスト用タイル',
  });
  seeded = await seedWorkshop(srv.url);
});
afterAll(async () => {
  await srv?.close();
});

/** Fraction of pixels that are not near-white, from a PGM (P5) image. */
function inkFraction(pgm: Buffer): { ink: number; levels: number } {
  const header = pgm.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('not a PGM');
  const [w, h] = [Number(m[1]), Number(m[2])];
  const pixels = pgm.subarray(pgm.length - w * h);
  let ink = 0;
  const levels = new Set<number>();
  for (const p of pixels) {
    if (p < 250) ink++;
    levels.add(p >> 4);
  }
  return { ink: ink / pixels.length, levels: levels.size };
}

describe('print route', () => {
  it('renders the A3 resource map to a PDF whose first page is not blank', { timeout: 90_000 }, async () => {
    const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/print.pdf?paper=A3`, { headers: { authorization: `Bearer ${seeded.ws.facilitatorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pdf-'));
    const file = path.join(dir, 'map.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+1\b/);
    // A3 landscape: 1190.55 x 841.89 pts
    expect(info).toMatch(/Page size:\s+119[01]\.\d+ x 841\.\d+ pts \(A3\)/);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a3')]);
    expect(fs.statSync(path.join(SCREENSHOTS, 'print-map-a3.png')).size).toBeGreaterThan(10_000);
    execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const { ink, levels } = inkFraction(fs.readFileSync(path.join(dir, 'page.pgm')));
    expect(ink).toBeGreaterThan(0.3); // the map background, outlines, pins, legend and title
    expect(levels).toBeGreaterThan(4);
    // the text layer holds the title, the legend and the attribution — and never the restricted item
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/[ \t]+/g, ' ');
    expect(text).toContain('地域福祉マップ');
    expect(text).toContain('ふれあいサロン');
    // the tiles point at a closed port: no tile was drawn, so no 出典 is printed (issue 18)
    expect(text).not.toContain('テスト用タイル');
    expect(text).not.toContain('心配な世帯');
    expect(text).not.toContain('一人暮らし');
  });

  it('renders A4 on request', { timeout: 90_000 }, async () => {
    const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/print.pdf?paper=A4&kind=resource`, { headers: { authorization: `Bearer ${seeded.ws.staffToken}` } });
    expect(res.status).toBe(200);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pdf-')), 'a4.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info, info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('ふれあいサロン');
    expect(text).not.toContain('休めるベンチ'); // a gap, filtered out by kind=resource
  });

  it('renders the board as a PNG at print resolution', { timeout: 90_000 }, async () => {
    const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/board.png?token=${seeded.ws.facilitatorToken}`);
    expect(res.status).toBe(200);
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThanOrEqual(3000); // 1800 CSS px at 2×
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'board-export.png'), png);
  });

  it('a participant gets 403 on the print routes', async () => {
    const participant = await joinWorkshop(srv.url, seeded.ws.joinCode);
    for (const p of ['print.pdf', 'board.png'])
      expect((await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/${p}`, { headers: { authorization: `Bearer ${participant}` } })).status).toBe(403);
  });
});

/**
 * The resource map PDF of a workshop, written to a temporary file. A fresh connection each time
 * (`agent: false`): the checks between two renders take seconds, long enough for the server to
 * close an idle keep-alive socket just as fetch() would reuse it (ECONNRESET).
 */
async function printPdf(ws: CreatedWorkshop, paper: 'A3' | 'A4'): Promise<string> {
  const { status, body } = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    const req = http.get(`${srv.url}/api/workshops/${ws.id}/print.pdf?paper=${paper}`, { agent: false, headers: { authorization: `Bearer ${ws.facilitatorToken}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  expect(status, body.subarray(0, 200).toString()).toBe(200);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pdf-')), `map-${paper}.pdf`);
  fs.writeFileSync(file, body);
  return file;
}

function pageCount(file: string): number {
  const m = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString());
  if (!m) throw new Error('pdfinfo printed no page count');
  return Number(m[1]);
}

/**
 * The text layer of one page (or all) in the order it is drawn (`-raw`): a legend entry reads
 * 「12 ケアセンター 12 …」 — its number, name, then details — and the columns follow each other.
 */
function pageText(file: string, page?: number): string {
  return execFileSync('pdftotext', ['-raw', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-']).toString();
}

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The words of one page with their boxes (PDF points, origin top left) and the page size. */
function pageWords(file: string, page: number): { width: number; height: number; words: Word[] } {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']).toString();
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html);
  const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!,
  }));
  return { width: Number(size?.[1]), height: Number(size?.[2]), words };
}

const squash = (s: string) => s.replace(/\s+/g, '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `text` as a pattern, whitespace ignored, never matching 「ケアセンター 12」 inside 「ケアセンター 123」. */
const namePattern = (text: string, flags = '') => new RegExp(`${escapeRe(squash(text))}(?![0-9])`, flags);

/** How often `name` occurs in `text`, whitespace ignored. */
function occurrences(text: string, name: string): number {
  return (squash(text).match(namePattern(name, 'g')) ?? []).length;
}

const MM_PT = 72 / 25.4;

/**
 * Words that reach past the foot of the sheet (clipped there): the vertical middle of a word's
 * box — the middle of its glyphs for Noto Sans CJK, whose font box pdftotext reports — below
 * the 8 mm page margin, less 2 pt.
 */
const pastFoot = (p: { height: number; words: Word[] }) => p.words.filter((w) => (w.yMin + w.yMax) / 2 > p.height - 8 * MM_PT - 2);

/**
 * Smallest font size of the legend text on a page, in points: full-width characters are one
 * em wide, so the width of a word made of them only, divided by its length, is its size. On
 * the first page only the legend column (right of the map) counts.
 */
function legendTextSize(p: { width: number; words: Word[] }, firstPage: boolean): number {
  const sizes = p.words
    .filter((w) => /^[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]+$/.test(w.text) && (!firstPage || w.xMin > p.width * 0.6))
    .map((w) => (w.xMax - w.xMin) / [...w.text].length);
  expect(sizes.length).toBeGreaterThan(0);
  return Math.min(...sizes);
}

/**
 * Check a multi-page resource map: the page count as printed in 「1 / N」, every continuation
 * page headed 「凡例（つづき）」 with the title and its number, each pin's name exactly once,
 * numbered 1…N in legend order across pages (the last number too), nothing clipped at the foot
 * of a sheet, legend text of at least 8 pt.
 */
function checkLongLegend(file: string, title: string): number {
  const pages = pageCount(file);
  expect(pages).toBeGreaterThan(1);
  const first = squash(pageText(file, 1));
  expect(first).toContain(squash(title));
  expect(first).toContain(squash(`1 / ${pages}`));
  for (let p = 2; p <= pages; p++) {
    const text = squash(pageText(file, p));
    expect(text).toContain('凡例（つづき）');
    expect(text).toContain(squash(title));
    expect(text, `page ${p}`).toContain(squash(`${p} / ${pages}`));
  }
  const all = pageText(file);
  const names = Array.from({ length: MANY }, (_, i) => manyResourceName(i + 1));
  const notOnce = names.filter((n) => occurrences(all, n) !== 1);
  expect(notOnce, 'names not printed exactly once').toEqual([]);
  // one category: the legend is in natural name order (ケアセンター 2 before 10); each entry
  // is its number, then its name
  const ordered = [...names].sort((a, b) => a.localeCompare(b, 'ja', { numeric: true }));
  expect(ordered.slice(0, 3)).toEqual([1, 2, 3].map((n) => manyResourceName(n)));
  const flat = squash(all);
  let at = 0;
  for (const [i, name] of ordered.entries()) {
    const m = namePattern(`${i + 1}${name}`).exec(flat.slice(at));
    expect(m, `entry ${i + 1} ${name} after entry ${i}`).not.toBeNull();
    at += m!.index + m![0].length;
  }
  expect(squash(pageText(file, pages))).toMatch(namePattern(`${MANY}${ordered[MANY - 1]}`));
  for (let p = 1; p <= pages; p++) {
    const words = pageWords(file, p);
    expect(pastFoot(words), `page ${p}: words past the foot of the sheet`).toEqual([]);
    expect(legendTextSize(words, p === 1), `page ${p}: legend text size (pt)`).toBeGreaterThanOrEqual(7.9);
  }
  return pages;
}

describe('print route with a long legend', () => {
  beforeAll(async () => {
    many = await seedManyResources(srv.url, MANY);
    few = await seedManyResources(srv.url, FEW, '南小学校区 資源マップ');
  }, 60_000);

  it(`A3 with ${MANY} resources continues the legend on further pages, every entry exactly once`, { timeout: 120_000 }, async () => {
    const file = await printPdf(many, 'A3');
    const pages = checkLongLegend(file, `北小学校区 介護サービス事業所マップ（${MANY}件）`);
    console.log(`A3, ${MANY} pins: ${pages} pages`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a3-page1')]);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-l', '2', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a3-page2')]);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages), '-l', String(pages), '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a3-last')]);
    expect(fs.statSync(path.join(SCREENSHOTS, 'print-map-a3-page2.png')).size).toBeGreaterThan(10_000);
  });

  it(`A4 with ${MANY} resources continues the legend on further pages, every entry exactly once`, { timeout: 120_000 }, async () => {
    const file = await printPdf(many, 'A4');
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const pages = checkLongLegend(file, `北小学校区 介護サービス事業所マップ（${MANY}件）`);
    console.log(`A4, ${MANY} pins: ${pages} pages`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a4-page1')]);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a4-page2')]);
  });

  it(`with ${FEW} resources the map stays one page (A3 and A4)`, { timeout: 120_000 }, async () => {
    for (const paper of ['A3', 'A4'] as const) {
      const file = await printPdf(few, paper);
      expect(pageCount(file), paper).toBe(1);
      const text = pageText(file);
      expect(text).not.toContain('凡例（つづき）');
      for (let i = 1; i <= FEW; i++) expect(occurrences(text, manyResourceName(i)), `${paper}: ${manyResourceName(i)}`).toBe(1);
      expect(pastFoot(pageWords(file, 1))).toEqual([]);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      if (paper === 'A4') execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, path.join(SCREENSHOTS, 'print-map-a4-few')]);
    }
  });
});
