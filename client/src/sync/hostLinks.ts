import type { CreatedWorkshop } from './api.js';

/**
 * The staff, viewer and projector tokens are returned once, when the facilitator creates the workshop.
 * They are kept on the facilitator's device (localStorage) so the host page can show the
 * staff / viewer links later.
 */
const key = (id: string) => `tsunagu.links.${id}`;

export interface HostLinks {
  joinCode: string;
  staffToken: string;
  viewerToken: string;
  /** Absent for workshops created before the projector role. */
  projectorToken?: string;
}

export function saveLinks(w: CreatedWorkshop): void {
  try {
    localStorage.setItem(key(w.id), JSON.stringify({ joinCode: w.joinCode, staffToken: w.staffToken, viewerToken: w.viewerToken, projectorToken: w.projectorToken }));
  } catch {
    /* ignore */
  }
}

export function loadLinks(id: string): HostLinks | null {
  try {
    const v = JSON.parse(localStorage.getItem(key(id)) ?? 'null') as HostLinks | null;
    return v && typeof v.staffToken === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Replace a stored token after the facilitator reissued a link (the old one no longer works). */
export function updateLinks(id: string, patch: Partial<HostLinks>): void {
  try {
    const current = loadLinks(id) ?? { joinCode: '', staffToken: '', viewerToken: '' };
    localStorage.setItem(key(id), JSON.stringify({ ...current, ...patch }));
  } catch {
    /* ignore */
  }
}
