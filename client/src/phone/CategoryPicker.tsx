import type { Category, CategoryKind } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { P } from './phoneStrings.js';
import { localLabel, safeColor } from '@tsunagu/shared';

/** Large category buttons with icons, grouped by kind. Restricted categories never appear here. */
const GROUPS: { kind: CategoryKind; label: typeof P.needs }[] = [
  { kind: 'need', label: P.needs },
  { kind: 'resource', label: P.resources },
  { kind: 'gap', label: P.gaps },
];

export function CategoryPicker({ categories, onPick }: { categories: readonly Category[]; onPick(id: string): void }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <div className={`ph-cats${lang === 'en' ? ' ph-cats-en' : ''}`} lang={lang} data-testid="category-picker">
      {GROUPS.map(({ kind, label }) => {
        const cats = categories.filter((c) => c.kind === kind && !c.restricted);
        if (cats.length === 0) return null;
        return (
          <section key={kind} className="ph-cat-group">
            <h3>{t(label)}</h3>
            <div className="ph-cat-grid">
              {cats.map((c) => (
                <button key={c.id} type="button" className="ph-cat" style={{ borderColor: safeColor(c.color) }} data-testid={`cat-${c.id}`} onClick={() => onPick(c.id)}>
                  <span className="ph-cat-icon" style={{ background: safeColor(c.color) }} aria-hidden>
                    {c.icon}
                  </span>
                  <span className="ph-cat-label">{localLabel('category', c, lang)}</span>
                </button>
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
