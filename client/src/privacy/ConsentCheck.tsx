import { useMemo } from 'react';
import { CONSENT_LABELS, resourcesLackingConsent, type Category, type Item } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { PV } from './privacyStrings.js';
import './privacy.css';

/**
 * Before printing (issue 17): the resources whose 掲載の同意 is 未確認 or 同意なし, which the
 * public print, GeoJSON and CSV leave out. Shown on the export panel and above the print
 * sheets (never printed).
 */
export function ConsentCheck({ items, categories }: { items: readonly Item[]; categories: readonly Category[] }) {
  const t = useT();
  const { lang } = useLang();
  const missing = useMemo(() => resourcesLackingConsent({ items: items.filter((i) => i.deletedAt === undefined), categories: [...categories] }), [items, categories]);
  const catById = useMemo(() => new Map(categories.map((c) => [c.id, c])), [categories]);
  return (
    <section className={`pv-consent no-print${missing.length === 0 ? ' pv-consent-ok' : ''}`} data-testid="consent-missing" data-count={missing.length}>
      <h2>{missing.length === 0 ? `✅ ${t(PV.consentMissingNone)}` : `⚠️ ${t(PV.consentMissingTitle)}：${missing.length}`}</h2>
      {missing.length > 0 && (
        <>
          <ul>
            {missing.map((i) => (
              <li key={i.id} data-testid="consent-missing-item" data-id={i.id}>
                {catById.get(i.category)?.icon ?? ''} {i.text} — <strong>{CONSENT_LABELS[i.consent === 'no' ? 'no' : 'pending'][lang]}</strong>
              </li>
            ))}
          </ul>
          <p className="muted">{t(PV.consentMissingHint)}</p>
        </>
      )}
    </section>
  );
}
