import { PARTICIPANT_KINDS, participantKindLabel } from '../roles.js';
import { totalVotes } from '../model/item.js';
import { localLabel } from '../model/labels.js';
import { relationsOf } from '../commands/diagram.js';
import { selectItems, type ExportFilter } from './exportFilter.js';
import { areaNameOf, stageOf, type StageName, type WorkshopData } from './workshopData.js';

/**
 * The summary a coordinator takes into the 地域福祉計画: counts by category × column,
 * top-voted issues, gaps (あったらいいな), resources mapped (and how many were newly created,
 * 創出), and who took part by role.
 * Restricted items never appear here unless the filter includes them (the server only
 * allows that for staff with `?include=restricted`).
 */
export interface SummaryRow {
  id: string;
  text: string;
  category: string;
  column: string;
  votes: number;
  area: string;
  address: string;
  phone: string;
  /** Resources: known (把握) or created (創出); gaps: missing (不足); '' otherwise. */
  stage: StageName;
}

export interface SummaryMatrix {
  categories: { id: string; label: string; kind: string }[];
  columns: { id: string; label: string }[];
  /** counts[categoryId][columnId] */
  counts: Record<string, Record<string, number>>;
  rowTotals: Record<string, number>;
  columnTotals: Record<string, number>;
  total: number;
}

export interface Summary {
  title: string;
  district: string;
  createdAt: number;
  /** `created`: resources marked as newly created (創出), counted within `resources`. */
  totals: { items: number; pins: number; notes: number; votes: number; resources: number; gaps: number; created: number };
  matrix: SummaryMatrix;
  topVoted: SummaryRow[];
  gaps: SummaryRow[];
  resources: SummaryRow[];
  /** People by participant kind: those who joined (when the server knows) and those who wrote something. */
  participants: { kind: string; label: string; joined: number; contributors: number }[];
  /** 図式化: the relations drawn between notes and frames («坂道が多い → 買い物が大変»). */
  relations: string[];
}

export interface SummaryOptions {
  filter?: ExportFilter;
  /** Participants who joined (from the server's token list), by kind id. */
  joined?: readonly { kind: string }[];
  topN?: number;
  /** Labels of categories, lanes and kinds in this language (English falls back to Japanese where a custom label has none). */
  lang?: 'ja' | 'en';
}

export function buildSummary(data: WorkshopData, opts: SummaryOptions = {}): Summary {
  const selected = selectItems(data, opts.filter ?? {});
  const lang = opts.lang ?? 'ja';
  const labelOf = (c: { id: string; label: string; labelEn?: string | undefined }) => localLabel('category', c, lang);
  const colLabel = new Map(data.columns.map((c) => [c.id, localLabel('column', c, lang)]));
  const row = (s: (typeof selected)[number]): SummaryRow => ({
    id: s.item.id,
    text: s.item.text,
    category: s.category ? labelOf(s.category) : s.item.category,
    column: colLabel.get(s.item.column) ?? s.item.column,
    votes: totalVotes(s.item),
    area: areaNameOf(s.item, data.areas),
    address: s.item.address ?? '',
    phone: s.item.phone ?? '',
    stage: stageOf(s.item, s.category?.kind),
  });

  const usedCats = new Set(selected.map((s) => s.item.category));
  const categories: SummaryMatrix['categories'] = data.categories
    .filter((c) => usedCats.has(c.id) || (!c.restricted && c.kind !== 'place'))
    .filter((c) => !c.restricted || opts.filter?.includeRestricted === true)
    .map((c) => ({ id: c.id, label: labelOf(c), kind: c.kind }));
  for (const id of usedCats)
    if (!categories.some((c) => c.id === id)) categories.push({ id, label: id, kind: '' });
  const columns = data.columns.map((c) => ({ id: c.id, label: localLabel('column', c, lang) }));
  for (const s of selected)
    if (!columns.some((c) => c.id === s.item.column)) columns.push({ id: s.item.column, label: s.item.column });

  const counts: Record<string, Record<string, number>> = {};
  const rowTotals: Record<string, number> = {};
  const columnTotals: Record<string, number> = {};
  for (const c of categories) {
    counts[c.id] = Object.fromEntries(columns.map((col) => [col.id, 0]));
    rowTotals[c.id] = 0;
  }
  for (const col of columns) columnTotals[col.id] = 0;
  for (const s of selected) {
    counts[s.item.category]![s.item.column] = (counts[s.item.category]![s.item.column] ?? 0) + 1;
    rowTotals[s.item.category] = (rowTotals[s.item.category] ?? 0) + 1;
    columnTotals[s.item.column] = (columnTotals[s.item.column] ?? 0) + 1;
  }

  const issues = selected.filter((s) => s.category?.kind !== 'resource');
  const topVoted = issues
    .map(row)
    .filter((r) => r.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.text.localeCompare(b.text, 'ja'))
    .slice(0, opts.topN ?? 10);
  const gaps = selected.filter((s) => s.category?.kind === 'gap').map(row);
  const resources = selected.filter((s) => s.category?.kind === 'resource').map(row);

  const contributors = new Map<string, Set<string>>();
  for (const s of selected) {
    const kind = s.item.authorRole || 'other';
    const who = s.item.authorId || s.item.authorName;
    if (!who) continue;
    if (!contributors.has(kind)) contributors.set(kind, new Set());
    contributors.get(kind)!.add(who);
  }
  const joinedCount = new Map<string, number>();
  for (const j of opts.joined ?? []) joinedCount.set(j.kind || 'other', (joinedCount.get(j.kind || 'other') ?? 0) + 1);
  const kindIds = [...PARTICIPANT_KINDS.map((k) => k.id), ...contributors.keys(), ...joinedCount.keys()];
  const participants = [...new Set(kindIds)]
    .map((kind) => ({
      kind,
      label: participantKindLabel(kind, lang),
      joined: joinedCount.get(kind) ?? 0,
      contributors: contributors.get(kind)?.size ?? 0,
    }))
    .filter((p) => p.joined > 0 || p.contributors > 0);

  return {
    title: data.meta.title,
    district: data.meta.district,
    createdAt: data.meta.createdAt,
    totals: {
      items: selected.length,
      pins: selected.filter((s) => s.item.lat !== undefined).length,
      notes: selected.filter((s) => s.item.lat === undefined).length,
      votes: selected.reduce((n, s) => n + totalVotes(s.item), 0),
      resources: resources.length,
      gaps: gaps.length,
      created: resources.filter((r) => r.stage === 'created').length,
    },
    matrix: { categories, columns, counts, rowTotals, columnTotals, total: selected.length },
    topVoted,
    gaps,
    resources,
    participants,
    relations: relationsOf(data.items, data.groups ?? [], data.connectors ?? []),
  };
}
