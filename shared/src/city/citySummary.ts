import type { Summary, SummaryRow } from '../export/summary.js';

/**
 * The summary of every district side by side and summed (issue 14): category × column counts
 * added up across districts (categories and columns matched by id, labels from the first
 * district that has them), the top-voted issues of each district, あったらいいな across the
 * city, and participants by sector. Built from each workshop's public summary only.
 */
export interface DistrictSummary {
  workshopId: string;
  /** The unit (小学校区, 地区 …) the workshop belongs to. */
  unit: string;
  summary: Summary;
}

export interface CitySummary {
  districts: { workshopId: string; unit: string; title: string; totals: Summary['totals']; topVoted: SummaryRow[] }[];
  totals: Summary['totals'];
  matrix: { categories: { id: string; label: string; kind: string }[]; columns: { id: string; label: string }[]; counts: Record<string, Record<string, number>>; total: number };
  /** あったらいいな of every district, with its district. */
  gaps: (SummaryRow & { unit: string })[];
  participants: { kind: string; label: string; joined: number; contributors: number }[];
}

const TOTAL_KEYS = ['items', 'pins', 'notes', 'votes', 'resources', 'gaps', 'created'] as const;

export function buildCitySummary(list: readonly DistrictSummary[], topN = 3): CitySummary {
  const totals = Object.fromEntries(TOTAL_KEYS.map((k) => [k, 0])) as Summary['totals'];
  const categories = new Map<string, { id: string; label: string; kind: string }>();
  const columns = new Map<string, { id: string; label: string }>();
  const counts: Record<string, Record<string, number>> = {};
  let total = 0;
  const participants = new Map<string, { kind: string; label: string; joined: number; contributors: number }>();
  const gaps: CitySummary['gaps'] = [];
  for (const { summary: s, unit } of list) {
    for (const k of TOTAL_KEYS) totals[k] += s.totals[k];
    for (const c of s.matrix.categories) if (!categories.has(c.id)) categories.set(c.id, c);
    for (const c of s.matrix.columns) if (!columns.has(c.id)) columns.set(c.id, c);
    for (const [cat, row] of Object.entries(s.matrix.counts)) {
      const into = (counts[cat] ??= {});
      for (const [col, n] of Object.entries(row)) {
        into[col] = (into[col] ?? 0) + n;
        total += n;
      }
    }
    for (const p of s.participants) {
      const into = participants.get(p.kind) ?? { kind: p.kind, label: p.label, joined: 0, contributors: 0 };
      into.joined += p.joined;
      into.contributors += p.contributors;
      participants.set(p.kind, into);
    }
    for (const g of s.gaps) gaps.push({ ...g, unit });
  }
  return {
    districts: list.map(({ workshopId, unit, summary: s }) => ({ workshopId, unit, title: s.title, totals: s.totals, topVoted: s.topVoted.slice(0, topN) })),
    totals,
    matrix: { categories: [...categories.values()], columns: [...columns.values()], counts, total },
    gaps,
    participants: [...participants.values()],
  };
}
