import { useCallback, useEffect, useState } from 'react';
import { useLang, useT } from '../i18n/lang.js';
import { TS } from './tileStrings.js';

interface Progress {
  state: 'running' | 'done' | 'cancelled';
  total: number;
  done: number;
  fetched: number;
  skipped: number;
  failed: number;
}
interface TileStatus {
  stored: { count: number; label: { ja: string; en: string } };
  mbtiles: { name: string } | null;
  upstream: boolean;
  estimate: { tiles: number; estimatedBytes: number; minZoom: number; maxZoom: number; basis: 'areas' | 'centre' };
  job: Progress | null;
}

async function call<T>(url: string, token: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json as T;
}

/**
 * 「この地区の地図を保存」 (facilitator and staff; the server checks the role): the count and
 * estimated size first, then a progress bar, cancel and resume, and what is stored.
 */
export function TileSavePanel({ workshopId, token }: { workshopId: string; token: string }) {
  const t = useT();
  const base = `/api/workshops/${encodeURIComponent(workshopId)}/tiles`;
  const [status, setStatus] = useState<TileStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    call<TileStatus>(base, token)
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [base, token]);
  useEffect(refresh, [refresh]);
  const running = status?.job?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(refresh, 700);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const act = (path: string) => {
    call(`${base}${path}`, token, 'POST', path === '/prefetch' ? {} : undefined)
      .then(refresh)
      .catch((e: Error) => setError(e.message));
  };
  const job = status?.job ?? null;
  const est = status?.estimate;
  const pct = job && job.total ? Math.round((job.done / job.total) * 100) : 0;
  const { lang } = useLang();

  return (
    <section className="tg-tilesave" data-testid="tile-save">
      <h3 className="tg-legend-title">🗺 {t(TS.title)}</h3>
      <p className="muted tg-tilesave-explain">{t(TS.explain)}</p>
      {status && (
        <p className="tg-tilesave-stored" data-testid="tile-stored">
          {status.stored.count ? (lang === 'ja' ? status.stored.label.ja : status.stored.label.en) : t(TS.nothing)}
        </p>
      )}
      {status?.mbtiles && <p className="muted">{t(TS.mbtiles, { name: status.mbtiles.name })}</p>}
      {est && (
        <p data-testid="tile-estimate">
          {t(est.basis === 'areas' ? TS.basisAreas : TS.basisCentre)}
          {lang === 'ja' ? '：' : ': '}
          {t(TS.estimate, { n: est.tiles.toLocaleString('en-US'), mb: Math.max(1, Math.round(est.estimatedBytes / 1_000_000)), z: `${est.minZoom}–${est.maxZoom}` })}
        </p>
      )}
      {job && (
        <div className="tg-tilesave-progress">
          <progress max={job.total} value={job.done} data-testid="tile-progress" aria-label={t(TS.title)} />
          <span>
            {t(TS.progress, { done: job.done.toLocaleString('en-US'), total: job.total.toLocaleString('en-US') })}（{pct}%）
          </span>
          {job.state === 'done' && <p data-testid="tile-done">✅ {t(TS.done)}</p>}
          {job.state === 'cancelled' && <p>{t(TS.cancelled)}</p>}
          {job.failed > 0 && !running && <p className="tg-tilesave-warn">{t(TS.failed, { n: job.failed })}</p>}
        </div>
      )}
      <div className="tg-tilesave-actions">
        {running ? (
          <button className="btn" type="button" data-testid="tile-cancel" onClick={() => act('/prefetch/cancel')}>
            {t(TS.cancel)}
          </button>
        ) : (
          <button className="btn btn-primary" type="button" data-testid="tile-start" disabled={!status?.upstream} onClick={() => act('/prefetch')}>
            {t(job?.state === 'cancelled' ? TS.resume : TS.start)}
          </button>
        )}
      </div>
      {error && (
        <p className="tg-tilesave-warn" role="alert">
          {t(TS.error, { message: error })}
        </p>
      )}
    </section>
  );
}
