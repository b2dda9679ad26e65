import type { Category, CategoryKind } from '@tsunagu/shared';
import { CATEGORY_KIND_LABEL } from '../i18n/common.js';
import { useLang, useT } from '../i18n/lang.js';
import { M } from './mapStrings.js';
import { toggled, type LayerState, type MapPin } from './layerFilter.js';
import { localLabel, safeColor } from '@tsunagu/shared';

/**
 * The legend doubles as the layer list: a kind heading toggles the whole kind (needs,
 * resources, gaps), each category row toggles that category. Counts are of pins.
 */
export interface LayerLegendProps {
  categories: readonly Category[];
  pins: readonly MapPin[];
  layers: LayerState;
  showRestricted: boolean;
  onChange(layers: LayerState): void;
  /** Projector: only the categories that have pins, no empty rows. */
  compact?: boolean;
}

const KINDS: CategoryKind[] = ['need', 'resource', 'gap', 'place'];

export function LayerLegend({ categories, pins, layers, showRestricted, onChange, compact = false }: LayerLegendProps) {
  const t = useT();
  const { lang } = useLang();
  const counts = new Map<string, number>();
  for (const p of pins) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  const restrictedCount = pins.filter((p) => p.restricted).length;

  return (
    <div className="tg-legend" data-testid="map-legend">
      {KINDS.map((kind) => {
        const cats = categories.filter((c) => c.kind === kind && !c.restricted && (!compact || (counts.get(c.id) ?? 0) > 0));
        if (cats.length === 0) return null;
        const kindOn = !layers.hiddenKinds.has(kind);
        return (
          <fieldset key={kind} className="tg-legend-group">
            <legend>
              <label className="tg-legend-kind">
                <input
                  type="checkbox"
                  checked={kindOn}
                  data-testid={`layer-kind-${kind}`}
                  onChange={() => onChange({ ...layers, hiddenKinds: toggled(layers.hiddenKinds, kind) })}
                />
                {t(CATEGORY_KIND_LABEL[kind])}
              </label>
            </legend>
            {cats.map((c) => (
              <label key={c.id} className={`tg-legend-row${kindOn ? '' : ' off'}`}>
                <input
                  type="checkbox"
                  checked={!layers.hiddenCategories.has(c.id)}
                  disabled={!kindOn}
                  data-testid={`layer-cat-${c.id}`}
                  onChange={() => onChange({ ...layers, hiddenCategories: toggled(layers.hiddenCategories, c.id) })}
                />
                <span className="tg-swatch" style={{ background: safeColor(c.color) }}>{c.icon}</span>
                <span className="tg-legend-label">{localLabel('category', c, lang)}</span>
                <span className="tg-legend-count">{counts.get(c.id) ?? 0}</span>
              </label>
            ))}
          </fieldset>
        );
      })}
      {showRestricted && (
        <fieldset className="tg-legend-group tg-legend-restricted">
          <label className="tg-legend-row">
            <input
              type="checkbox"
              checked={!layers.hiddenKinds.has('restricted')}
              data-testid="layer-kind-restricted"
              onChange={() => onChange({ ...layers, hiddenKinds: toggled(layers.hiddenKinds, 'restricted') })}
            />
            <span className="tg-swatch tg-swatch-restricted">🔒</span>
            <span className="tg-legend-label">{t(M.restrictedLayer)}</span>
            <span className="tg-legend-count">{restrictedCount}</span>
          </label>
        </fieldset>
      )}
    </div>
  );
}
