/**
 * Which of this phone's items the server has acknowledged (session state in localStorage,
 * per workshop). Each entry holds the Yjs client id and the clock right after the item was
 * written: the server has the item once its state vector reaches that clock.
 */
export interface SentEntry {
  id: string;
  client: number;
  clock: number;
  sent: boolean;
  at: number;
}

const key = (workshopId: string) => `tsunagu.phone.sent.${workshopId}`;

export function loadSentLog(workshopId: string): SentEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(key(workshopId)) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SentEntry[]) : [];
  } catch {
    return [];
  }
}

export function saveSentLog(workshopId: string, log: readonly SentEntry[]): void {
  try {
    localStorage.setItem(key(workshopId), JSON.stringify(log.slice(-200)));
  } catch {
    /* storage full or unavailable: statuses are recomputed next time */
  }
}

/** Mark entries sent according to a server state vector. Returns a new array if anything changed. */
export function applyStateVector(log: readonly SentEntry[], sv: ReadonlyMap<number, number>): SentEntry[] | null {
  let changed = false;
  const next = log.map((e) => {
    if (e.sent || (sv.get(e.client) ?? 0) < e.clock) return e;
    changed = true;
    return { ...e, sent: true };
  });
  return changed ? next : null;
}
