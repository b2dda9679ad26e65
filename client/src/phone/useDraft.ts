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
