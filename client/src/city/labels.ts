import { UNIT_LEVEL_LABELS, WORKSHOP_STATUS_LABELS } from '@tsunagu/shared';

/** The levels' and statuses' labels are the shared ones (the server's exports print the same). */
export const LEVEL_LABEL = UNIT_LEVEL_LABELS;
export const STATUS_LABEL = WORKSHOP_STATUS_LABELS;

/** 2026/12/05 14:30 in Japan's time (the coordinator's), or the English equivalent. */
export function formatWhen(ms: number | null | undefined, lang: 'ja' | 'en'): string {
  if (!ms) return '';
  const d = new Date(ms);
  return d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function formatDay(ms: number, lang: 'ja' | 'en'): string {
  return new Date(ms).toLocaleDateString(lang === 'ja' ? 'ja-JP' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** District colours for the city map's unit layers (colour-blind-safe-ish, strong on a projector). */
export const UNIT_COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e', '#283593', '#558b2f'];
export const unitColor = (index: number): string => UNIT_COLORS[index % UNIT_COLORS.length]!;
