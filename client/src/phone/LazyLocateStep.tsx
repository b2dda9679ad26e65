import { useEffect, useState } from 'react';
import { defineStrings, useT } from '../i18n/lang.js';
import type { LocateStepProps } from './LocateStep.js';
import { loadedLocateModule, loadLocateModule, type LocateModule } from './locateLoader.js';

const L = defineStrings({
  loadingMap: { ja: '地図を読み込み中…', en: 'Loading the map…' },
  mapFailed: {
    ja: '地図を読み込めませんでした。電波のよい所で「もう一度」を押してください。場所なしで付箋を書くこともできます。',
    en: 'The map could not be loaded. Press “Try again” where the connection is better, or write a note without a place.',
  },
  retry: { ja: 'もう一度', en: 'Try again' },
  withoutPlace: { ja: '場所なしで書く', en: 'Write without a place' },
});

/**
 * The locate step from its own chunk (locateLoader): at once when the home screen has already
 * fetched it, else a short 読み込み中 while it arrives; if it cannot arrive (offline before the
 * prefetch finished), a plain message with 「もう一度」 and 「場所なしで書く」 — never a blank screen.
 */
export function LazyLocateStep({ onWithoutPlace, ...props }: LocateStepProps & { onWithoutPlace(): void }) {
  const t = useT();
  const [mod, setMod] = useState<LocateModule | null>(loadedLocateModule);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (mod) return;
    let live = true;
    setFailed(false);
    loadLocateModule().then(
      (m) => live && setMod(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [mod, attempt]);

  if (mod) return <mod.LocateStep {...props} />;
  if (failed)
    return (
      <div className="ph-locate" data-testid="locate-failed">
        <p className="ph-geo-status warn" role="alert">
          {t(L.mapFailed)}
        </p>
        <div className="ph-locate-failed-row">
          <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="locate-retry" onClick={() => setAttempt((n) => n + 1)}>
            {t(L.retry)}
          </button>
          <button type="button" className="btn btn-big btn-wide" data-testid="locate-without-place" onClick={onWithoutPlace}>
            📝 {t(L.withoutPlace)}
          </button>
        </div>
      </div>
    );
  return (
    <div className="ph-locate" data-testid="locate-loading">
      <p className="ph-geo-status" role="status">
        {t(L.loadingMap)}
      </p>
      <div className="ph-locate-map ph-locate-map-loading" aria-hidden />
    </div>
  );
}
