import { PARTICIPANT_KINDS } from '@tsunagu/shared';

/** The name staff and the facilitator gave on this browser (see ui/StaffName.tsx). */
const STORE = 'tsunagu.staffName';

export interface StaffName {
  name: string;
  /** A participant kind id (staff only; the facilitator shows as 進行役). */
  kind?: string | undefined;
}

export function loadStaffName(): StaffName | null {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? 'null') as Partial<StaffName> | null;
    if (!v || typeof v.name !== 'string' || !v.name.trim()) return null;
    return { name: v.name.trim().slice(0, 40), kind: typeof v.kind === 'string' && PARTICIPANT_KINDS.some((k) => k.id === v.kind) ? v.kind : undefined };
  } catch {
    return null;
  }
}

export function saveStaffName(v: StaffName): void {
  try {
    localStorage.setItem(STORE, JSON.stringify(v));
  } catch {
    /* storage unavailable: the name lasts for this page */
  }
}

