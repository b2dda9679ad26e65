import { unitLevelLabel } from './cityExportLabels.js';
import { isUnitLevel, UNIT_LEVELS, type UnitLevel } from './units.js';

/**
 * Correcting an organisation's geography after the fact (renaming, re-parenting, changing a
 * unit's level): the tree rules the server enforces and the coordinator screen mirrors.
 * A unit's parent is of a higher level than the unit (市 ⊃ 地区 ⊃ 小学校区 ⊃ 自治会, as the
 * GeoJSON import nests them), and no unit sits below itself.
 */
export interface UnitNode {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
}

const rank = (level: string): number => (isUnitLevel(level) ? UNIT_LEVELS.indexOf(level) : -1);
const levelJa = (level: string): string => unitLevelLabel(level) || level;

/** The units strictly below `id` (children, their children, …). */
export function unitsBelow(units: readonly UnitNode[], id: string): Set<string> {
  const below = new Set<string>();
  const frontier = [id];
  while (frontier.length) {
    const p = frontier.pop()!;
    for (const u of units)
      if (u.parentId === p && !below.has(u.id) && u.id !== id) {
        below.add(u.id);
        frontier.push(u.id);
      }
  }
  return below;
}

/** The units in tree order (each parent before its children, siblings in list order) with their depth. */
export function unitsInTreeOrder<U extends UnitNode>(units: readonly U[]): { unit: U; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, U[]>();
  for (const u of units) {
    const p = u.parentId && ids.has(u.parentId) && u.parentId !== u.id ? u.parentId : null;
    children.set(p, [...(children.get(p) ?? []), u]);
  }
  const out: { unit: U; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  // a cycle in old data (never made through the API) leaves units unreached: list them last
  for (const u of units) if (!seen.has(u.id)) out.push({ unit: u, depth: 0 });
  return out;
}

/** The units `id` may move under: of a higher level than `level` (its own by default) and not itself or below it. */
export function parentCandidates<U extends UnitNode>(units: readonly U[], id: string, level?: string): U[] {
  const self = units.find((u) => u.id === id);
  const r = rank(level ?? self?.level ?? '');
  const below = unitsBelow(units, id);
  return units.filter((u) => u.id !== id && !below.has(u.id) && rank(u.level) > r);
}

/** A change of one unit's place in the tree: the keys present are the ones asked to change. */
export interface UnitPlaceChange {
  parentId?: string | null;
  level?: UnitLevel;
}

export interface UnitEditProblem {
  status: 400 | 404 | 409;
  message: string;
}

/** Why `parent` cannot hold a unit of `level` named `name` (400: not of a higher level), or null. A new unit and a moved one obey the same rule. */
export function parentLevelProblem(parent: UnitNode, level: string, name: string): UnitEditProblem | null {
  if (rank(parent.level) > rank(level)) return null;
  return { status: 400, message: `the parent must be of a higher level than the unit: 「${parent.name}」 is a ${levelJa(parent.level)}, 「${name}」 a ${levelJa(level)}` };
}

/**
 * Why the unit `id` cannot take the place `change` asks for, or null when it can: an unknown
 * unit (404), a parent that is not a unit of the organisation (400), a cycle — the unit under
 * itself or under one of its own smaller units (409) —, a new parent that is not of a higher
 * level (400), a level that would no longer be below its parent or above its children (409).
 */
export function unitPlaceProblem(units: readonly UnitNode[], id: string, change: UnitPlaceChange): UnitEditProblem | null {
  const self = units.find((u) => u.id === id);
  if (!self) return { status: 404, message: 'no such unit' };
  const level = change.level ?? self.level;
  const parentId = change.parentId !== undefined ? change.parentId : self.parentId;
  const parent = parentId === null ? undefined : units.find((u) => u.id === parentId);
  if (change.parentId !== undefined && change.parentId !== null) {
    if (!parent) return { status: 400, message: 'parentId is not a unit of this organisation' };
    if (parent.id === id) return { status: 409, message: 'a unit cannot be its own parent' };
    if (unitsBelow(units, id).has(parent.id)) return { status: 409, message: `「${parent.name}」 is inside 「${self.name}」: a unit cannot move under one of its own smaller units` };
    const low = parentLevelProblem(parent, level, self.name);
    if (low) return low;
  }
  if (change.level !== undefined && change.level !== self.level) {
    if (parent && change.parentId === undefined && rank(parent.level) <= rank(level))
      return { status: 409, message: `level: 「${self.name}」 is inside 「${parent.name}」 (${levelJa(parent.level)}), so it must stay of a lower level; move it first` };
    const child = units.find((u) => u.parentId === id && u.id !== id && rank(u.level) >= rank(level));
    if (child) return { status: 409, message: `level: 「${child.name}」 (${levelJa(child.level)}) is inside 「${self.name}」, so 「${self.name}」 must stay of a higher level; move 「${child.name}」 first` };
  }
  return null;
}
