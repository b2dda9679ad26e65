import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * 「投影中」 (issue 17): the facilitator's own board is shared on the hall's screen. While it is
 * on, this screen hides what the projector never shows: restricted items (心配な世帯), notes held
 * back for a sensitive word, consultations. Kept per workshop in sessionStorage (a reload of
 * the shared screen keeps hiding).
 */
interface ProjectingValue {
  projecting: boolean;
  setProjecting(on: boolean): void;
}

const ProjectingContext = createContext<ProjectingValue>({ projecting: false, setProjecting: () => {} });

const key = (workshopId: string) => `tsunagu.projecting.${workshopId}`;

function initial(workshopId: string): boolean {
  try {
    return sessionStorage.getItem(key(workshopId)) === '1';
  } catch {
    return false;
  }
}

export function ProjectingProvider({ workshopId, children }: { workshopId: string; children: ReactNode }) {
  const [projecting, setState] = useState(() => initial(workshopId));
  const setProjecting = useCallback(
    (on: boolean) => {
      setState(on);
      try {
        if (on) sessionStorage.setItem(key(workshopId), '1');
        else sessionStorage.removeItem(key(workshopId));
      } catch {
        /* storage off: this page only */
      }
    },
    [workshopId],
  );
  const value = useMemo(() => ({ projecting, setProjecting }), [projecting, setProjecting]);
  return <ProjectingContext.Provider value={value}>{children}</ProjectingContext.Provider>;
}

export const useProjecting = (): ProjectingValue => useContext(ProjectingContext);
