import type * as Y from 'yjs';
import { metaMap } from './roots.js';
import { checkNumber, checkString, type Problems } from './validate.js';

/** The schema number this code writes. Loading an older document runs the migrations. */
export const CURRENT_SCHEMA = 2;

/**
 * The agenda. `review` (振り返り) opens a meeting that continues an earlier one (「前回の続き」):
 * the facilitator goes through the actions decided last time. Other workshops start at
 * `collect` and never show it (phasesOf).
 */
export const PHASES = ['review', 'collect', 'sort', 'vote', 'summarise'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, { ja: string; en: string }> = {
  review: { ja: '振り返り', en: 'Review' },
  collect: { ja: '集める', en: 'Collect' },
  sort: { ja: '分ける', en: 'Sort' },
  vote: { ja: '選ぶ', en: 'Vote' },
  summarise: { ja: 'まとめる', en: 'Summarise' },
};

export interface Meta {
  schema: number;
  title: string;
  district: string;
  center: [number, number];
  zoom: number;
  phase: Phase;
  createdAt: number;
  /** The workshop this one continues (「前回の続き」), and its number in that series (1 = first). */
  continuesFrom?: string | undefined;
  session: number;
}

/** The phases a workshop shows: 振り返り only for a meeting that continues an earlier one. */
export function phasesOf(meta: Pick<Meta, 'continuesFrom'>): readonly Phase[] {
  return meta.continuesFrom ? PHASES : PHASES.filter((p) => p !== 'review');
}

export interface MetaInput {
  title: string;
  district?: string | undefined;
  center?: [number, number] | undefined;
  zoom?: number | undefined;
}

/** Central Kawagoe: the sample data's town, and a sensible default for a new map. */
export const DEFAULT_CENTER: [number, number] = [35.9251, 139.4858];
export const DEFAULT_ZOOM = 15;

export function validateMetaInput(input: unknown): Problems {
  const p: Problems = [];
  if (typeof input !== 'object' || input === null) return ['body must be an object'];
  const m = input as Record<string, unknown>;
  checkString(p, 'title', m.title, 100);
  if (typeof m.title === 'string' && m.title.trim() === '') p.push('title must not be empty');
  checkString(p, 'district', m.district, 100, true);
  if (m.center !== undefined) {
    if (!Array.isArray(m.center) || m.center.length !== 2) p.push('center must be [lat, lng]');
    else {
      checkNumber(p, 'center[0] (lat)', m.center[0], false, -90, 90);
      checkNumber(p, 'center[1] (lng)', m.center[1], false, -180, 180);
    }
  }
  checkNumber(p, 'zoom', m.zoom, true, 0, 22);
  return p;
}

export function readMeta(doc: Y.Doc): Meta {
  const m = metaMap(doc);
  const center = m.get('center');
  const phase = m.get('phase');
  return {
    schema: typeof m.get('schema') === 'number' ? (m.get('schema') as number) : 0,
    title: String(m.get('title') ?? ''),
    district: String(m.get('district') ?? ''),
    center: Array.isArray(center) && center.length === 2 ? (center as [number, number]) : DEFAULT_CENTER,
    zoom: typeof m.get('zoom') === 'number' ? (m.get('zoom') as number) : DEFAULT_ZOOM,
    phase: (PHASES as readonly unknown[]).includes(phase) ? (phase as Phase) : 'collect',
    createdAt: typeof m.get('createdAt') === 'number' ? (m.get('createdAt') as number) : 0,
    continuesFrom: typeof m.get('continuesFrom') === 'string' ? (m.get('continuesFrom') as string) : undefined,
    session: typeof m.get('session') === 'number' ? (m.get('session') as number) : 1,
  };
}
