import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { ROOT, startServer } from '../helpers/server.js';
import { seedWorkshop, type Seeded } from './exportSeed.js';

/**
 * Issue 18, point 6: the printed map's legend names kinds and categories by their labels, in
 * English with `print.pdf?lang=en` (the server renders the print page with `?lang=en`, which
 * the page honours without touching the browser's saved choice). Japanese by default. Needs the
 * built client and poppler-utils (pdftotext), like exportPrint.test.ts.
 */
let srv: TsunaguServer;
let seeded: Seeded;

beforeAll(async () => {
  srv = await startServer({ staticDir: path.join(ROOT, 'client', 'dist'), tileUrl: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png', tileAttribution: 'テスト用タイル' });
  seeded = await seedWorkshop(srv.url);
});
afterAll(async () => {
  await srv?.close();
});

async function pdfText(query: string, route = 'print.pdf'): Promise<string> {
  const res = await fetch(`${srv.url}/api/workshops/${seeded.ws.id}/${route}?${query}`, { headers: { authorization: `Bearer ${seeded.ws.facilitatorToken}` } });
  expect(res.status).toBe(200);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pdf-')), 'map.pdf');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

describe('printed legend language', () => {
  it('Japanese by default, English with ?lang=en', { timeout: 120_000 }, async () => {
    const ja = await pdfText('paper=A4');
    const en = await pdfText('paper=A4&lang=en');
    // Japanese: the kinds' headings and the categories in Japanese
    for (const w of ['凡例', '地域の資源', 'あったらいいな', '居場所・サロン', '子ども食堂']) expect(ja, w).toContain(w);
    expect(ja).not.toMatch(/Legend|Resources|Drop-in/);
    // English: the same legend by English labels; the workshop's own words stay as written
    for (const w of ['Legend', 'Resources', 'Wishes', 'Drop-in place / salon', "Children's cafeteria", 'Wish we had']) expect(en, w).toContain(w);
    expect(en).toMatch(/Made on \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(en).not.toMatch(/凡例|地域の資源|居場所・サロン|作成日/);
    expect(en).toContain('ふれあいサロン');
    // no raw ids in either
    for (const text of [ja, en]) expect(text).not.toMatch(/\b(resource|gap|ibasho|kodomo-shokudo|attara)\b/);
  });

  it('the outcome report too: report.pdf?lang=en', { timeout: 120_000 }, async () => {
    expect(await pdfText('', 'report.pdf')).toContain('成果把握レポート');
    const en = await pdfText('lang=en', 'report.pdf');
    expect(en).toContain('Outcome report');
    expect(en).not.toContain('成果把握レポート');
  });
});
