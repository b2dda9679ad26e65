import { ACTION_SIDES, ACTION_SIDE_LABELS, ACTION_STATUSES, ACTION_STATUS_LABELS, type ActionRecord, type ActionSide, type ActionStatus } from '../model/action.js';
import { matchOffers, type Offer } from '../model/offer.js';
import { participantKindLabel } from '../roles.js';
import { toCsv, type CsvCell } from './csv.js';
import type { ExportLang } from './exportLabels.js';
import { buildSummary, type Summary } from './summary.js';
import { stageOf, type WorkshopData } from './workshopData.js';

/**
 * 成果把握: what a series of workshops of one district (each continuing the one before,
 * 「前回の続き」) changed, for the municipality's report — sessions held, participants by
 * sector, issues by category × lane, resources by stage 把握 → 不足 → 創出 (and which were
 * created since the meeting before), actions by side and status with every 「どう変わったか」
 * text, each compared with the previous meeting and summed by year. Numbers never stand alone:
 * the status changes carry their story. Built from public data only.
 */
export interface OutcomeSessionInput {
  workshopId: string;
  data: WorkshopData;
  actions: readonly ActionRecord[];
  /** Who joined by code (from the server's token list), by participant kind. */
  joined: readonly { kind: string }[];
  /** 「私にできること」 offers of the meeting (live ones). */
  offers?: readonly Offer[];
}

export interface StatusChangeRow {
  actionId: string;
  action: string;
  side: ActionSide;
  at: number;
  from: ActionStatus;
  to: ActionStatus;
  text: string;
  by: string;
}

export interface OutcomeSession {
  workshopId: string;
  session: number;
  title: string;
  heldAt: number;
  summary: Summary;
  participants: number;
  issues: number;
  resources: { known: number; missing: number; created: number; createdSincePrevious: string[] };
  actions: { total: number; bySide: Record<ActionSide, number>; byStatus: Record<ActionStatus, number> };
  /** Status changes recorded from this meeting until the next one. */
  changes: StatusChangeRow[];
  /** Offers of help made, and how many of them match a need (same category and area). */
  offers: { made: number; matched: number };
  /** Against the meeting before (absent for the first). */
  delta?: { participants: number; issues: number; resources: number; created: number; done: number };
}

export interface OutcomeYear {
  year: number;
  sessions: number;
  participants: number;
  issues: number;
  created: number;
  changes: number;
  done: number;
}

export interface OutcomeReport {
  district: string;
  sessions: OutcomeSession[];
  years: OutcomeYear[];
  /** The latest state of every action of the series, with its whole history. */
  actions: { id: string; title: string; side: ActionSide; owner: string; status: ActionStatus; history: StatusChangeRow[] }[];
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function buildOutcomeReport(series: readonly OutcomeSessionInput[]): OutcomeReport {
  const ordered = [...series].sort((a, b) => a.data.meta.createdAt - b.data.meta.createdAt);
  const sessions: OutcomeSession[] = [];
  let previousCreated = new Set<string>();
  ordered.forEach((input, i) => {
    const { data } = input;
    const summary = buildSummary(data, { joined: input.joined });
    const kindOf = new Map(data.categories.map((c) => [c.id, c.kind] as const));
    const publicItems = data.items.filter((it) => !data.categories.find((c) => c.id === it.category)?.restricted);
    const stages = publicItems.map((it) => ({ it, stage: stageOf(it, kindOf.get(it.category)) }));
    const createdIds = stages.filter((s) => s.stage === 'created').map((s) => s.it);
    const from = data.meta.createdAt;
    const until = ordered[i + 1]?.data.meta.createdAt ?? Infinity;
    const changes: StatusChangeRow[] = input.actions
      .flatMap((a) => a.history.map((h) => ({ actionId: a.id, action: a.title, side: a.side, ...h })))
      .filter((c) => c.at >= from && c.at < until)
      .sort((a, b) => a.at - b.at);
    const bySide = zero(ACTION_SIDES);
    const byStatus = zero(ACTION_STATUSES);
    for (const a of input.actions) {
      bySide[a.side]++;
      byStatus[a.status]++;
    }
    const offers = input.offers ?? [];
    const matches = matchOffers(
      publicItems.filter((it) => kindOf.get(it.category) === 'need'),
      offers,
      data.areas,
    );
    const matchedOffers = new Set([...matches.values()].flat().map((o) => o.id));
    const s: OutcomeSession = {
      workshopId: input.workshopId,
      session: data.meta.session,
      title: data.meta.title,
      heldAt: from,
      summary,
      participants: input.joined.length,
      issues: publicItems.filter((it) => kindOf.get(it.category) === 'need').length,
      resources: {
        known: stages.filter((x) => x.stage === 'known').length,
        missing: stages.filter((x) => x.stage === 'missing').length,
        created: createdIds.length,
        createdSincePrevious: createdIds.filter((it) => !previousCreated.has(it.id)).map((it) => it.text),
      },
      actions: { total: input.actions.length, bySide, byStatus },
      changes,
      offers: { made: offers.length, matched: matchedOffers.size },
    };
    const prev = sessions[sessions.length - 1];
    if (prev) {
      s.delta = {
        participants: s.participants - prev.participants,
        issues: s.issues - prev.issues,
        resources: s.resources.known + s.resources.created - (prev.resources.known + prev.resources.created),
        created: s.resources.created - prev.resources.created,
        done: s.actions.byStatus.kanryo - prev.actions.byStatus.kanryo,
      };
    }
    sessions.push(s);
    previousCreated = new Set(createdIds.map((it) => it.id));
  });

  const years = new Map<number, OutcomeYear>();
  for (const s of sessions) {
    const year = new Date(s.heldAt).getFullYear();
    const y = years.get(year) ?? { year, sessions: 0, participants: 0, issues: 0, created: 0, changes: 0, done: 0 };
    y.sessions++;
    y.participants += s.participants;
    y.issues += s.issues;
    y.created += s.resources.createdSincePrevious.length;
    y.changes += s.changes.length;
    y.done += s.changes.filter((c) => c.to === 'kanryo').length;
    years.set(year, y);
  }

  // an action carried to the next meeting keeps its id: the later meeting's state wins
  const latest = new Map<string, OutcomeReport['actions'][number]>();
  for (const input of ordered) {
    for (const a of input.actions) {
      latest.set(a.id, {
        id: a.id,
        title: a.title,
        side: a.side,
        owner: a.owner,
        status: a.status,
        history: a.history.map((h) => ({ actionId: a.id, action: a.title, side: a.side, ...h })),
      });
    }
  }
  return {
    district: ordered[ordered.length - 1]?.data.meta.district ?? '',
    sessions,
    years: [...years.values()].sort((a, b) => a.year - b.year),
    actions: [...latest.values()],
  };
}

const date = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const signed = (n: number | undefined) => (n === undefined ? '' : n > 0 ? `+${n}` : String(n));

/** The report CSV's own words in both languages (`report.csv?lang=en`). */
const RW = {
  title: { ja: '【成果把握】', en: '[Outcomes]' },
  district: { ja: '小学校区', en: 'School district' },
  sessionsCount: { ja: '開催回数', en: 'Meetings' },
  bySession: { ja: '【回ごとの推移】', en: '[Meeting by meeting]' },
  bySessionHead: {
    ja: ['回', '開催日', 'ワークショップ', '参加者', '前回比', '課題', '前回比', '地域資源（把握）', 'あったらいいな（不足）', '創出', 'うち前回以降の創出', '取り組み', '完了', '前回比（完了）', '私にできること', 'うちニーズと合ったもの'],
    en: ['Meeting', 'Held on', 'Workshop', 'Participants', 'Change', 'Issues', 'Change', 'Resources (known)', 'Wishes (missing)', 'Created', 'Created since the previous meeting', 'Actions', 'Done', 'Change (done)', 'Offers of help', 'of which matched a need'],
  },
  byYear: { ja: '【年ごと】', en: '[By year]' },
  byYearHead: {
    ja: ['年', '開催回数', '参加者（延べ）', '課題', '新しく生まれた資源', '取り組みの変化', 'うち完了'],
    en: ['Year', 'Meetings', 'Participants (total)', 'Issues', 'Newly created resources', 'Changes to actions', 'of which done'],
  },
  actions: { ja: '【取り組み（最新の状態）】', en: '[Actions (latest state)]' },
  actionsHead: { ja: ['取り組み', '担い手の側', '担い手', '状態'], en: ['Action', 'Side', 'Owner', 'State'] },
  changes: { ja: '【どう変わったか】', en: '[What changed]' },
  changesHead: { ja: ['日付', '取り組み', '変化', 'どう変わったか', '記録した人'], en: ['Date', 'Action', 'Change', 'What changed', 'Recorded by'] },
  participants: { ja: '【参加者（立場別・回ごと）】', en: '[Participants (by role and meeting)]' },
  participantsHead: { ja: ['回', '立場', '参加者数'], en: ['Meeting', 'Role', 'Joined'] },
  listSep: { ja: '、', en: '; ' },
} as const;

/** The report as one CSV of sections (【…】 title record, header, rows), for Excel; `lang: 'en'` in English. */
export function buildOutcomeCsv(r: OutcomeReport, lang: ExportLang = 'ja'): string {
  const w = <K extends keyof typeof RW>(k: K): (typeof RW)[K]['ja'] | (typeof RW)[K]['en'] => RW[k][lang];
  const rows: CsvCell[][] = [];
  rows.push([w('title')], [w('district'), r.district], [w('sessionsCount'), r.sessions.length], []);
  rows.push([w('bySession')], [...w('bySessionHead')]);
  for (const s of r.sessions) {
    rows.push([
      s.session,
      date(s.heldAt),
      s.title,
      s.participants,
      signed(s.delta?.participants),
      s.issues,
      signed(s.delta?.issues),
      s.resources.known,
      s.resources.missing,
      s.resources.created,
      s.resources.createdSincePrevious.join(w('listSep')),
      s.actions.total,
      s.actions.byStatus.kanryo,
      signed(s.delta?.done),
      s.offers.made,
      s.offers.matched,
    ]);
  }
  rows.push([]);
  rows.push([w('byYear')], [...w('byYearHead')]);
  for (const y of r.years) rows.push([y.year, y.sessions, y.participants, y.issues, y.created, y.changes, y.done]);
  rows.push([]);
  rows.push([w('actions')], [...w('actionsHead')]);
  for (const a of r.actions) rows.push([a.title, ACTION_SIDE_LABELS[a.side][lang], a.owner, ACTION_STATUS_LABELS[a.status][lang]]);
  rows.push([]);
  rows.push([w('changes')], [...w('changesHead')]);
  for (const s of r.sessions) {
    for (const c of s.changes) rows.push([date(c.at), c.action, `${ACTION_STATUS_LABELS[c.from][lang]} → ${ACTION_STATUS_LABELS[c.to][lang]}`, c.text, c.by]);
  }
  rows.push([]);
  rows.push([w('participants')], [...w('participantsHead')]);
  for (const s of r.sessions) for (const p of s.summary.participants) rows.push([s.session, lang === 'ja' ? p.label : participantKindLabel(p.kind, lang), p.joined]);
  return toCsv(rows);
}
