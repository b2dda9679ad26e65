import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { syncRoomName } from '@tsunagu/shared';
import { getToken } from '../sync/tokenStore.js';
import { CARRIED_OVER_EVENT, wsBase, type CarriedOverDetail } from '../sync/useWorkshop.js';
import { fetchServerStateVector, localClock } from './ackCheck.js';
import { applyStateVector, loadSentLog, saveSentLog, type SentEntry } from './sentLog.js';

const RETRY_MS = [500, 1000, 2000, 3000, 5000];

/**
 * 送信済み / 未送信 per item written on this phone. After each local write, and whenever the
 * browser says it is back online, ask the server for its state vector until it covers every
 * pending item. Retries back off to 5 s and stop once nothing is pending.
 */
export function useSendStatus(workshopId: string): {
  log: readonly SentEntry[];
  record(doc: Y.Doc, id: string): void;
} {
  const [log, setLog] = useState<SentEntry[]>(() => loadSentLog(workshopId));
  const logRef = useRef(log);
  logRef.current = log;
  const [wake, setWake] = useState(0);

  const update = useCallback(
    (next: SentEntry[]) => {
      logRef.current = next;
      setLog(next);
      saveSentLog(workshopId, next);
    },
    [workshopId],
  );

  const record = useCallback(
    (doc: Y.Doc, id: string) => {
      const { client, clock } = localClock(doc);
      update([...logRef.current.filter((e) => e.id !== id), { id, client, clock, sent: false, at: Date.now() }]);
      setWake((w) => w + 1);
    },
    [update],
  );

  // After a reload forced by a history rewrite, the old client clocks mean nothing any more:
  // an item the server already had is sent; one carried over is pending on the new document.
  useEffect(() => {
    const onCarried = (ev: Event) => {
      const { workshopId: id, doc, onServer } = (ev as CustomEvent<CarriedOverDetail>).detail;
      if (id !== workshopId) return;
      const { client, clock } = localClock(doc);
      update(logRef.current.map((e) => (e.sent ? e : onServer.has(e.id) ? { ...e, sent: true } : { ...e, client, clock })));
      setWake((w) => w + 1);
    };
    window.addEventListener(CARRIED_OVER_EVENT, onCarried);
    return () => window.removeEventListener(CARRIED_OVER_EVENT, onCarried);
  }, [workshopId, update]);

  const pending = log.some((e) => !e.sent);
  useEffect(() => {
    if (!pending) return;
    let live = true;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const token = getToken(workshopId);
    const url = `${wsBase()}/${syncRoomName(workshopId)}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const check = async () => {
      timer = null;
      const sv = await fetchServerStateVector(url);
      if (!live) return;
      const next = sv ? applyStateVector(logRef.current, sv) : null;
      if (next) update(next);
      if ((next ?? logRef.current).some((e) => !e.sent)) schedule();
    };
    const schedule = () => {
      if (timer !== null || !live) return;
      timer = setTimeout(() => void check(), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    const onOnline = () => {
      attempt = 0;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      schedule();
    };
    window.addEventListener('online', onOnline);
    schedule();
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [pending, wake, workshopId, update]);

  return { log, record };
}
