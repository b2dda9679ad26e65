import { useEffect, useState } from 'react';
import type { Notice } from '@tsunagu/shared';
import { useLang } from '../i18n/lang.js';

const STICKY: readonly string[] = ['save-failed'];

/**
 * A server notice (refused write, rate limit, saving trouble) in large, plain words. Most
 * fade after a while; `save-failed` stays until `save-recovered` replaces it.
 */
export function NoticeBanner({ notice }: { notice?: { notice: Notice; at: number } | undefined }) {
  const { lang } = useLang();
  const [hiddenAt, setHiddenAt] = useState(0);
  useEffect(() => {
    if (!notice || STICKY.includes(notice.notice.notice)) return;
    const timer = setTimeout(() => setHiddenAt(notice.at), 12_000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice || hiddenAt === notice.at) return null;
  const n = notice.notice;
  const tone = n.notice === 'save-recovered' ? 'ok' : 'warn';
  return (
    <div className={`notice-banner notice-${tone}`} role="alert" data-testid="notice" data-notice={n.notice}>
      <span>{lang === 'en' ? n.en : n.ja}</span>
      <button type="button" className="notice-close" aria-label={lang === 'en' ? 'Close' : '閉じる'} onClick={() => setHiddenAt(notice.at)}>
        ×
      </button>
    </div>
  );
}
