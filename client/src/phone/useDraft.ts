import { useCallback, useState } from 'react';

/** The text being typed, kept in localStorage so a reload or a dropped tab does not lose it. */
export function useDraft(workshopId: string): [string, (text: string) => void] {
  const key = `tsunagu.phone.draft.${workshopId}`;
  const [draft, setState] = useState(() => {
    try {
      return localStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  const setDraft = useCallback(
    (text: string) => {
      setState(text);
      try {
        if (text) localStorage.setItem(key, text);
        else localStorage.removeItem(key);
      } catch {
        /* storage unavailable: keep it in memory */
      }
    },
    [key],
  );
  return [draft, setDraft];
}

/** Where the resident is in the flow of adding a note (the steps worth coming back to). */
export type PhoneStep =
  | { name: 'home' }
  | { name: 'locate' }
  | { name: 'category'; at: [number, number] | null }
  | { name: 'text'; at: [number, number] | null; category: string };

function parseStep(raw: string | null): PhoneStep {
  try {
    const v = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    const at = (x: unknown): [number, number] | null =>
      Array.isArray(x) && x.length === 2 && x.every((n) => typeof n === 'number' && Number.isFinite(n)) ? [x[0] as number, x[1] as number] : null;
    if (v?.name === 'locate') return { name: 'locate' };
    if (v?.name === 'category') return { name: 'category', at: at(v.at) };
    if (v?.name === 'text' && typeof v.category === 'string') return { name: 'text', at: at(v.at), category: v.category };
  } catch {
    /* a damaged entry: start at home */
  }
  return { name: 'home' };
}

/**
 * The step of the flow, kept in sessionStorage beside the draft text: a reload (or the
 * browser dropping the tab in the background) returns the resident to her draft, with the
 * place and category she chose.
 */
export function usePhoneStep(workshopId: string): [PhoneStep, (step: PhoneStep) => void] {
  const key = `tsunagu.phone.step.${workshopId}`;
  const [initial] = useState<PhoneStep>(() => {
    try {
      return parseStep(sessionStorage.getItem(key));
    } catch {
      return { name: 'home' };
    }
  });
  const save = useCallback(
    (step: PhoneStep) => {
      try {
        if (step.name === 'home') sessionStorage.removeItem(key);
        else sessionStorage.setItem(key, JSON.stringify(step));
      } catch {
        /* storage unavailable: a reload starts at home, the draft text is still kept */
      }
    },
    [key],
  );
  return [initial, save];
}
