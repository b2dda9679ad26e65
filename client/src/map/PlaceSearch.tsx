import { useMemo, useState } from 'react';
import type { Area, Item } from '@tsunagu/shared';
import { defineStrings, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import { placesOf, searchPlaces, type Place } from './placeSearch.js';
import './map.css';

const S = defineStrings({
  label: { ja: '場所の名前でさがす', en: 'Find a place by name' },
  placeholder: { ja: '例：公民館、小学校', en: 'e.g. community centre, school' },
  none: { ja: '見つかりません。地図を押して選んでください。', en: 'Not found. Tap the map to choose.' },
  area: { ja: '区域', en: 'Area' },
});

/**
 * A search box over what the workshop already knows (its pins — resources and imported
 * open-data rows such as 公民館, 小学校, 避難所 — and its areas' names). Picking a result
 * calls onPick with its position. Composition-safe (ImeInput): no search fires mid-IME.
 */
export function PlaceSearch({ items, areas, onPick, compact = false }: { items: readonly Item[]; areas: readonly Area[]; onPick(place: Place): void; compact?: boolean }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [committed, setCommitted] = useState('');
  const places = useMemo(() => placesOf(items, areas), [items, areas]);
  const results = useMemo(() => searchPlaces(places, committed), [places, committed]);
  return (
    <div className={`tg-place-search${compact ? ' tg-place-search-compact' : ''}`} data-testid="place-search">
      <label className="tg-place-label">
        🔎 {t(S.label)}
        <ImeInput
          className="tg-place-input"
          data-testid="place-search-input"
          value={query}
          placeholder={t(S.placeholder)}
          onChange={(v) => {
            setQuery(v);
            setCommitted(v);
          }}
          onCommit={(v) => setCommitted(v)}
        />
      </label>
      {committed.trim() && (
        <ul className="tg-place-results" data-testid="place-results">
          {results.length === 0 && <li className="muted">{t(S.none)}</li>}
          {results.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="btn tg-place-result"
                data-testid="place-result"
                onClick={() => {
                  onPick(p);
                  setQuery('');
                  setCommitted('');
                }}
              >
                {p.kind === 'area' ? `🗺 ${t(S.area)}：` : '📍 '}
                {p.name}
                {p.detail && <small className="muted"> {p.detail}</small>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
