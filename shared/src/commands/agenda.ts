import type * as Y from 'yjs';
import { PHASES, type Phase } from '../model/meta.js';
import { metaMap } from '../model/roots.js';
import { canWrite, type Role } from '../roles.js';
import { LOCAL } from '../origins.js';
import type { CommandOptions } from './items.js';

/**
 * The agenda: 集める → 分ける → 選ぶ → まとめる (meta.phase, v1). Each phase enables what
 * participants may do; facilitator and staff may always do everything, viewers nothing.
 */
export type Action = 'add' | 'edit' | 'move' | 'vote';

export const PHASE_ACTIONS: Record<Phase, readonly Action[]> = {
  review: [],
  collect: ['add', 'edit', 'move'],
  sort: ['move', 'edit'],
  vote: ['vote'],
  summarise: [],
};

export const PHASE_INSTRUCTIONS: Record<Phase, { ja: string; en: string }> = {
  review: { ja: '前回決めたことの、その後を振り返りましょう', en: 'Look back at what was decided last time' },
  collect: { ja: '地域の困りごと・いいところを付箋に書きましょう', en: 'Write the area’s issues and good things on notes' },
  sort: { ja: '付箋を「行政」「住民」「一緒に」の列に分けましょう', en: 'Sort the notes into the lanes' },
  vote: { ja: '大事だと思う付箋にシールを貼りましょう', en: 'Put your dots on the notes that matter most' },
  summarise: { ja: '結果をふりかえり、まとめましょう', en: 'Look back at the results and summarise' },
};

export function may(role: Role, phase: Phase, action: Action): boolean {
  if (!canWrite(role)) return false;
  if (role === 'facilitator' || role === 'staff') return true;
  return PHASE_ACTIONS[phase].includes(action);
}

export function setPhase(doc: Y.Doc, phase: Phase, opts: CommandOptions = {}): boolean {
  if (!(PHASES as readonly string[]).includes(phase)) return false;
  doc.transact(() => metaMap(doc).set('phase', phase), opts.origin ?? LOCAL);
  return true;
}
