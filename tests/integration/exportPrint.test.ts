import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { joinWorkshop, ROOT, startServer } from '../helpers/server.js';
import { seedWorkshop, type Seeded } from './exportSeed.js';

/**
 * The print route renders the client's print page in headless Chromium. Needs the built
 * client (`npm test` builds it first) and poppler-utils (pdftoppm). The tile server points at
 * a closed local port: no test ever reaches the network.
 */
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
let srv: TsunaguServer;
let seeded: Seeded;

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
    expect(text).toContain('テスト用タイル');
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
