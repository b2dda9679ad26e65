import { useEffect, useMemo, useState } from 'react';
import type { CreatedWorkshop } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { saveLinks } from '../sync/hostLinks.js';
import { setToken } from '../sync/tokenStore.js';
import { ImeInput } from '../ui/ImeInput.js';
import type { CityData, LiftedIssue, OrgApi } from './cityApi.js';
import { C } from './cityStrings.js';
import { formatWhen } from './labels.js';

const keyOf = (l: LiftedIssue) => `${l.workshopId}/${l.itemId}`;

/**
 * 市へ上げた課題: the issues each district's facilitator lifted, by district, each with its
 * votes and when it was lifted; 「市の会議をつくる」 creates a city-level workshop from the
 * checked ones (every one by default), each note carrying its district.
 */
export function LiftedTab({ api, orgName }: { api: OrgApi; orgName: string }) {
  const t = useT();
  const { lang } = useLang();
  const [data, setData] = useState<CityData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useState(() => t(C.cityMeetingDefault, { org: orgName }));
  const [cityUnit, setCityUnit] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedWorkshop | null>(null);
  useEffect(() => {
    api.city().then(setData, (e: unknown) => setError((e as Error).message));
  }, [api]);
  const groups = useMemo(() => {
    const m = new Map<string, LiftedIssue[]>();
    for (const l of data?.lifted ?? []) m.set(l.district, [...(m.get(l.district) ?? []), l]);
    return [...m];
  }, [data]);
  const cityUnits = (data?.units ?? []).filter((u) => u.level === 'city');
  if (error && !data) return <p className="error">{error}</p>;
  if (!data) return <p>…</p>;
  const chosen = data.lifted.filter((l) => !unchecked.has(keyOf(l)));
  const create = async () => {
    if (busy || !title.trim() || chosen.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const w = await api.createCityWorkshop({ title: title.trim(), unitId: cityUnit || undefined, lifted: chosen.map((l) => ({ workshopId: l.workshopId, itemId: l.itemId })) });
      setToken(w.id, w.facilitatorToken);
      saveLinks(w);
      setCreated(w);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="city-section" data-testid="lifted-tab">
      <h2>{t(C.liftedTitle)}</h2>
      {data.lifted.length === 0 && <p className="muted city-empty">{t(C.noLifted)}</p>}
      {groups.map(([district, list]) => (
        <div key={district} className="city-group" data-testid="lifted-group">
          <h3 className="city-group-head">{district}</h3>
          <ul className="city-rows">
            {list.map((l) => (
              <li key={keyOf(l)} className="city-row city-lifted" data-testid="lifted-issue" data-item-id={l.itemId}>
                <label className="city-lifted-label">
                  <input
                    type="checkbox"
                    checked={!unchecked.has(keyOf(l))}
                    onChange={() => {
                      const next = new Set(unchecked);
                      if (next.has(keyOf(l))) next.delete(keyOf(l));
                      else next.add(keyOf(l));
                      setUnchecked(next);
                    }}
                  />
                  <span className="city-lifted-text">{l.text}</span>
                </label>
                <span className="city-row-meta">
                  {l.laneLabel && <span className="chip chip-lane">{l.laneLabel}</span>}
                  <span className="chip chip-lift">{t(C.votesN, { n: l.votes })}</span>
                  <span className="muted">{formatWhen(l.liftedAt, lang)}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {data.lifted.length > 0 && (
        <div className="card city-form" data-testid="city-meeting-form">
          <h2>{t(C.makeCityMeeting)}</h2>
          <p className="muted">{t(C.cityMeetingHint)}</p>
          <label className="field">
            <span>{t(C.cityMeetingTitle)}</span>
            <ImeInput className="city-input" data-testid="city-meeting-title" value={title} maxLength={100} onChange={setTitle} onCommit={() => void create()} />
          </label>
          {cityUnits.length > 0 && (
            <label className="field">
              <span>{t(C.unit)}</span>
              <select className="city-select" value={cityUnit} onChange={(e) => setCityUnit(e.target.value)}>
                <option value="">{t(C.parentNone)}</option>
                {cityUnits.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {error && <p className="error" role="alert">{error}</p>}
          <button type="button" className="btn btn-primary btn-big" disabled={busy || chosen.length === 0 || !title.trim()} onClick={() => void create()} data-testid="make-city-meeting">
            🏛 {t(C.makeCityMeeting)}（{chosen.length}）
          </button>
          {created && (
            <p className="city-notice" data-testid="city-meeting-created">
              {t(C.createdLinks)}{' '}
              <a className="btn btn-primary" href={`/w/${created.id}/host#token=${encodeURIComponent(created.facilitatorToken)}`}>
                {t(C.open)}
              </a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
