/**
 * Access tokens, one per workshop, kept in localStorage (session state: never in the doc).
 * Facilitator, staff and viewer links carry the token in the URL fragment `#token=…`;
 * `adoptTokenFromHash` moves it into storage and removes it from the address bar, so it
 * does not end up in screenshots or browser history.
 */
const key = (workshopId: string) => `tsunagu.token.${workshopId}`;
const RECENT = 'tsunagu.recent';

export function getToken(workshopId: string): string | null {
  try {
    return localStorage.getItem(key(workshopId));
  } catch {
    return null;
  }
}

export function setToken(workshopId: string, token: string): void {
  try {
    localStorage.setItem(key(workshopId), token);
  } catch {
    /* storage unavailable: the token stays in memory through the URL only */
  }
}

export function adoptTokenFromHash(workshopId: string): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return getToken(workshopId);
  const token = decodeURIComponent(m[1]!);
  setToken(workshopId, token);
  history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

export interface RecentWorkshop {
  id: string;
  title: string;
  role: string;
  at: number;
}

export function rememberWorkshop(w: RecentWorkshop): void {
  try {
    const list = listRecent().filter((r) => r.id !== w.id);
    list.unshift(w);
    localStorage.setItem(RECENT, JSON.stringify(list.slice(0, 10)));
  } catch {
    /* ignore */
  }
}

export function listRecent(): RecentWorkshop[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RecentWorkshop[]) : [];
  } catch {
    return [];
  }
}

/** A stable id for this browser in this workshop (voter id, awareness user id). */
export function localUserId(workshopId: string): string {
  const k = `tsunagu.user.${workshopId}`;
  try {
    let id = localStorage.getItem(k);
    if (!id) {
      id = Math.random().toString(36).slice(2, 12);
      localStorage.setItem(k, id);
    }
    return id;
  } catch {
    return Math.random().toString(36).slice(2, 12);
  }
}
