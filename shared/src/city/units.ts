/**
 * An organisation's geography (issue 14): 自治会 ⊂ 小学校区 ⊂ 地区 ⊂ 市. Levels are fixed; the
 * units' names are the organisation's own.
 */
export const UNIT_LEVELS = ['jichikai', 'school', 'chiku', 'city'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_LEVEL_LABELS: Record<UnitLevel, { ja: string; en: string }> = {
  jichikai: { ja: '自治会', en: 'Neighbourhood association' },
  school: { ja: '小学校区', en: 'Elementary school district' },
  chiku: { ja: '地区', en: 'District' },
  city: { ja: '市', en: 'City' },
};

export function isUnitLevel(v: unknown): v is UnitLevel {
  return typeof v === 'string' && (UNIT_LEVELS as readonly string[]).includes(v);
}

/** The level directly above (a school district's parent is a 地区), or null for the city. */
export function parentLevel(level: UnitLevel): UnitLevel | null {
  const i = UNIT_LEVELS.indexOf(level);
  return i < UNIT_LEVELS.length - 1 ? UNIT_LEVELS[i + 1]! : null;
}

/** Status of a workshop in the coordinator's list: 準備中 → 開催中 → 終了. */
export const WORKSHOP_STATUSES = ['preparing', 'running', 'ended'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];
export const WORKSHOP_STATUS_LABELS: Record<WorkshopStatus, { ja: string; en: string }> = {
  preparing: { ja: '準備中', en: 'Preparing' },
  running: { ja: '開催中', en: 'Running' },
  ended: { ja: '終了', en: 'Ended' },
};

/** The id of the organisation every workshop created before organisations existed belongs to. */
export const DEFAULT_ORG_ID = 'default';
export const DEFAULT_ORG_NAME = '既定の組織';
