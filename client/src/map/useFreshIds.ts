import { useEffect, useRef, useState } from 'react';
import type { MapPin } from './layerFilter.js';

const FRESH_MS = 4000;
const RECENT_MS = 60_000;

/**
 * Ids of pins that just appeared (created within the last minute and not on the map a
 * moment ago), for a brief highlight: on the projector a new resident's pin pulses.
 * Pins that arrive with the first sync are old and do not flash.
 */
export function useFreshIds(pins: readonly MapPin[]): ReadonlySet<string> {
  const known = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const ids = new Set(pins.map((p) => p.id));
    if (known.current === null) {
      known.current = ids;
      return;
    }
    const now = Date.now();
    const added = pins.filter((p) => !known.current!.has(p.id) && now - p.createdAt < RECENT_MS).map((p) => p.id);
    known.current = ids;
    if (added.length === 0) return;
    setFresh((f) => new Set([...f, ...added]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((f) => new Set([...f].filter((id) => !added.includes(id))));
    }, FRESH_MS);
    timers.current.add(timer);
  }, [pins]);

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const t of all) clearTimeout(t);
      all.clear();
    };
  }, []);
  return fresh;
}
