import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { addItem, buildSummary, localLabel, participantKindLabel, readItems, type Summary } from '@tsunagu/shared';
import { connectClient, createWorkshop, joinWorkshop, startServer, waitFor, type CreatedWorkshop } from '../helpers/server.js';

/**
 * Outputs of the hall (issue 18, point 6): the summary agrees with its CSV (who joined, by
 * role); every role, kind, category and lane appears by its label — in English too — and
 * never as a raw id such as `facilitator`.
 */
let srv: TsunaguServer;
let ws: CreatedWorkshop;

beforeAll(async () => {
  srv = await startServer();
  ws = await createWorkshop(srv.url, '仲町 地域福祉座談会', '仲町');
  // three residents and a welfare commissioner join by code; one resident writes a note
  const tokens = [];
  for (const [name, kind] of [['はなこ', 'jumin'], ['うめ', 'jumin'], ['たろう', 'jumin'], ['ゆき', 'minsei']] as const) tokens.push(await joinWorkshop(srv.url, ws.joinCode, name, kind));
  const resident = connectClient(srv.url, ws.id, tokens[0]!);
  await resident.synced;
  addItem(resident.doc, { text: 'バス停が遠い', category: 'ido', authorName: 'はなこ', authorRole: 'jumin' });
  // the facilitator writes a note from the board (its author kind is the role `facilitator`)
  const fac = connectClient(srv.url, ws.id, ws.facilitatorToken);
  await fac.synced;
  addItem(fac.doc, { text: '進行役のまとめ', category: 'attara', column: 'kyodo', authorName: 'ファシリテーター', authorRole: 'facilitator' });
  await waitFor(fac.doc, () => readItems(fac.doc).length === 2, 10_000, 'both notes');
  const check = connectClient(srv.url, ws.id, ws.viewerToken);
  await waitFor(check.doc, () => readItems(check.doc).length === 2, 10_000, 'both notes on the server');
  for (const c of [resident, fac, check]) c.destroy();
});
afterAll(async () => {
  await srv?.close();
});

const get = (file: string) => fetch(`${srv.url}/api/workshops/${ws.id}/${file}`, { headers: { authorization: `Bearer ${ws.facilitatorToken}` } });
const csvRows = async (file: string) => parseCsv(Buffer.from(await (await get(file)).arrayBuffer()), { bom: true, relax_column_count: true }) as string[][];

describe('summary vs its CSV', () => {
  it('who joined, by role: the summary (what the page shows) and the CSV say the same, and not 0', async () => {
    const s = (await (await get('summary.json')).json()) as Summary;
    const byKind = Object.fromEntries(s.participants.map((p) => [p.kind, p]));
    expect(byKind.jumin).toMatchObject({ label: '住民', joined: 3, contributors: 1 });
    expect(byKind.minsei).toMatchObject({ label: '民生委員・児童委員', joined: 1, contributors: 0 });
    expect(byKind.facilitator).toMatchObject({ label: '進行役', contributors: 1 });
    const rows = await csvRows('summary.csv');
    for (const p of s.participants) expect(rows.find((r) => r[0] === p.label)).toEqual([p.label, String(p.joined), String(p.contributors)]);
    expect(s.matrix.total).toBe(2);
  });
});

describe('labels, never raw ids', () => {
  it('the CSV and the summary CSV name roles by label (進行役, not facilitator)', async () => {
    for (const file of ['export.csv', 'summary.csv']) {
      const text = (await csvRows(file)).flat().join('\n');
      expect(text, file).not.toMatch(/\bfacilitator\b|\bjumin\b|\bminsei\b/);
    }
    const rows = await csvRows('export.csv');
    expect(rows.some((r) => r.includes('進行役'))).toBe(true);
  });

  it('summary.json?lang=en gives English labels of categories, lanes and kinds', async () => {
    const s = (await (await get('summary.json?lang=en')).json()) as Summary;
    expect(s.matrix.categories.find((c) => c.id === 'ido')!.label).toBe('Transport / shopping');
    expect(s.matrix.columns.map((c) => c.label)).toEqual(['Issues raised', 'For the administration', 'For residents', 'Together']);
    expect(s.participants.map((p) => p.label).sort()).toEqual(['Facilitator', 'Resident', 'Welfare commissioner']);
    const en = (await csvRows('summary.csv?lang=en')).flat();
    expect(en).toContain('Transport / shopping');
    expect(en).toContain('Resident');
  });

  it('labels in both languages for every known role and default category (unit)', () => {
    for (const role of ['facilitator', 'staff', 'viewer', 'projector', 'participant', 'jumin', 'csw'])
      for (const lang of ['ja', 'en'] as const) expect(participantKindLabel(role, lang), `${role} ${lang}`).not.toBe(role);
    expect(localLabel('category', { id: 'ido', label: '移動・買い物' }, 'en')).toBe('Transport / shopping');
    // a renamed category keeps its own words, an English label given in the document wins
    expect(localLabel('category', { id: 'ido', label: '買い物の足' }, 'en')).toBe('買い物の足');
    expect(localLabel('column', { id: 'pool', label: '出てきた課題', labelEn: 'Raised today' }, 'en')).toBe('Raised today');
    const s = buildSummary(
      { meta: { title: 't', district: '', createdAt: 0 }, columns: [], categories: [], items: [], restrictedItems: [], areas: [] } as unknown as Parameters<typeof buildSummary>[0],
      { joined: [{ kind: 'jumin' }], lang: 'en' },
    );
    expect(s.participants).toEqual([{ kind: 'jumin', label: 'Resident', joined: 1, contributors: 0 }]);
  });
});
