import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CreatedWorkshop } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { saveLinks } from '../sync/hostLinks.js';
import { setToken } from '../sync/tokenStore.js';
import { ImeInput } from '../ui/ImeInput.js';
import type { OrgApi, OrgWorkshop, Unit, WorkshopStatus } from './cityApi.js';
import { C } from './cityStrings.js';
import { formatWhen, LEVEL_LABEL, STATUS_LABEL } from './labels.js';
import { MoveWorkshopSelect } from './UnitEdit.js';

/**
 * 地区のワークショップ: every workshop of the organisation by area and date, with its status
 * chip, counts and last activity; search (IME-safe: the query runs on Enter or the button,
 * never mid-composition) and filters; open the host page, the board or the exports (a fresh
 * facilitator token from the server each time), create the next meeting, mark it ended, and
 * create a new workshop in an area.
 */
export function WorkshopsTab({ api, org, onChange }: { api: OrgApi; org: string; onChange(): void }) {
  const t = useT();
  const { lang } = useLang();
  const [units, setUnits] = useState<Unit[]>([]);
  const [list, setList] = useState<OrgWorkshop[] | null>(null);
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [unit, setUnit] = useState('');
  const [status, setStatus] = useState<'' | WorkshopStatus>('');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<string | null>(null);
  const [created, setCreated] = useState<{ w: CreatedWorkshop; title: string } | null>(null);
  const [moved, setMoved] = useState<{ id: string; title: string; unit: string } | null>(null);

  const reload = useCallback(() => {
    api.workshops({ q, unit, status }).then(setList, (e: unknown) => setError((e as Error).message));
  }, [api, q, unit, status]);
  useEffect(reload, [reload]);
  useEffect(() => {
    api.units().then(setUnits, (e: unknown) => setError((e as Error).message));
  }, [api]);

  // the moved row regroups under its new unit: bring it into view, highlighted
  useEffect(() => {
    if (moved) document.querySelector(`[data-workshop-id="${CSS.escape(moved.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [list, moved]);

  const groups = useMemo(() => {
    const out: { unitId: string | null; name: string; items: OrgWorkshop[] }[] = [];
    for (const w of list ?? []) {
      const last = out[out.length - 1];
      if (last && last.unitId === w.unitId) last.items.push(w);
      else out.push({ unitId: w.unitId, name: w.unitName || t(C.noUnit), items: [w] });
    }
    return out;
  }, [list, t]);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const openAs = (w: OrgWorkshop, where: 'host' | 'board' | 'export') =>
    run(async () => {
      const r = await api.open(w.id);
      setToken(w.id, r.token);
      const path = where === 'host' ? `/w/${w.id}/host` : where === 'board' ? `/w/${w.id}` : `/w/${w.id}/export`;
      location.assign(`${path}#token=${encodeURIComponent(r.token)}`);
    });
  const afterCreate = (w: CreatedWorkshop, title: string) => {
    setToken(w.id, w.facilitatorToken);
    saveLinks(w);
    setCreated({ w, title });
    setCreating(null);
    reload();
    onChange();
  };

  return (
    <section className="city-section" data-testid="workshops-tab">
      <div className="city-toolbar">
        <label className="city-search">
          <span className="sr-only">{t(C.search)}</span>
          <ImeInput
            data-testid="workshop-search"
            className="city-input"
            value={query}
            placeholder={t(C.searchPlaceholder)}
            onChange={setQuery}
            onCommit={(v) => setQ(v.trim())}
          />
        </label>
        <button type="button" className="btn" data-testid="workshop-search-go" onClick={() => setQ(query.trim())}>
          🔍 {t(C.search)}
        </button>
        <select className="city-select" value={unit} onChange={(e) => setUnit(e.target.value)} aria-label={t(C.unit)} data-testid="workshop-unit-filter">
          <option value="">{t(C.allUnits)}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <select className="city-select" value={status} onChange={(e) => setStatus(e.target.value as '' | WorkshopStatus)} aria-label={t(C.allStatuses)} data-testid="workshop-status-filter">
          <option value="">{t(C.allStatuses)}</option>
          {(['preparing', 'running', 'ended'] as const).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABEL[s])}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-primary" data-testid="new-workshop" onClick={() => setCreating(creating === null ? (unit || units[0]?.id || '') : null)}>
          ＋ {t(C.newWorkshop)}
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {creating !== null && <NewWorkshopForm api={api} units={units} unitId={creating} onCancel={() => setCreating(null)} onCreated={afterCreate} />}
      {created && (
        <div className="city-notice" data-testid="created-notice">
          <p>
            <strong>{created.title}</strong> — {t(C.createdLinks)}
          </p>
          <p className="city-link-row">
            <a className="btn btn-primary" href={`/w/${created.w.id}/host#token=${encodeURIComponent(created.w.facilitatorToken)}`} data-testid="created-open">
              {t(C.open)}
            </a>
            <code className="city-code">{`${location.origin}/w/${created.w.id}/host#token=${created.w.facilitatorToken}`}</code>
          </p>
          <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
            ✕
          </button>
        </div>
      )}
      {moved && (
        <div className="city-notice" role="status" data-testid="moved-notice">
          <p>{t(C.movedTo, { title: moved.title, unit: moved.unit })}</p>
          <button type="button" className="btn btn-small" onClick={() => setMoved(null)}>
            ✕
          </button>
        </div>
      )}
      {list === null ? (
        <p>…</p>
      ) : list.length === 0 ? (
        <p className="muted city-empty">{units.length === 0 ? t(C.noUnits) : t(C.noWorkshops)}</p>
      ) : (
        groups.map((g) => (
          <div key={g.unitId ?? '-'} className="city-group" data-testid="workshop-group">
            <h2 className="city-group-head">
              {g.name}
              {g.unitId && (
                <button type="button" className="btn btn-small" onClick={() => setCreating(g.unitId)} data-testid="new-in-unit">
                  ＋ {t(C.newWorkshop)}
                </button>
              )}
            </h2>
            <ul className="city-rows">
              {g.items.map((w) => (
                <li key={w.id} className={`city-row${moved?.id === w.id ? ' city-row-moved' : ''}`} data-testid="workshop-row" data-workshop-id={w.id} data-status={w.status}>
                  <div className="city-row-main">
                    <span className={`chip chip-${w.status}`} data-testid="status-chip">
                      {t(STATUS_LABEL[w.status])}
                    </span>
                    <span className="city-row-title">{w.title}</span>
                    {w.counts.lifted > 0 && <span className="chip chip-lift">🏛 {t(C.liftedCount, { n: w.counts.lifted })}</span>}
                  </div>
                  <div className="city-row-meta">
                    <span>{t(C.counts, w.counts)}</span>
                    <span>{t(C.lastActivity, { when: formatWhen(w.lastActivityAt, lang) || t(C.never) })}</span>
                    <span className="muted">{t(C.created, { when: formatWhen(w.createdAt, lang) })}</span>
                  </div>
                  <div className="city-row-actions">
                    <button type="button" className="btn btn-primary" data-testid="open-host" onClick={() => void openAs(w, 'host')}>
                      {t(C.open)}
                    </button>
                    <button type="button" className="btn" data-testid="open-board" onClick={() => void openAs(w, 'board')}>
                      {t(C.board)}
                    </button>
                    <button type="button" className="btn" data-testid="open-export" onClick={() => void openAs(w, 'export')}>
                      {t(C.exports)}
                    </button>
                    <button
                      type="button"
                      className="btn"
                      data-testid="continue"
                      onClick={() => {
                        if (!window.confirm(t(C.confirmContinue, { title: w.title }))) return;
                        void run(async () => {
                          const c = await api.continueWorkshop(w.id);
                          afterCreate(c, w.title);
                        });
                      }}
                    >
                      {t(C.continueFrom)}
                    </button>
                    <button
                      type="button"
                      className="btn"
                      data-testid="end-toggle"
                      onClick={() =>
                        void run(async () => {
                          await api.end(w.id, w.status !== 'ended');
                          reload();
                        })
                      }
                    >
                      {w.status === 'ended' ? t(C.reopen) : t(C.end)}
                    </button>
                  </div>
                  <div className="city-row-move">
                    <MoveWorkshopSelect
                      api={api}
                      workshop={w}
                      units={units}
                      onError={setError}
                      onMoved={(unitName) => {
                        setError(null);
                        setMoved({ id: w.id, title: w.title, unit: unitName });
                        reload();
                        onChange();
                      }}
                    />
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      <p className="muted city-foot">{org}</p>
    </section>
  );
}

function NewWorkshopForm(props: { api: OrgApi; units: Unit[]; unitId: string; onCancel(): void; onCreated(w: CreatedWorkshop, title: string): void }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [unitId, setUnitId] = useState(props.unitId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!title.trim() || !unitId || busy) return;
    setBusy(true);
    setError(null);
    try {
      const unit = props.units.find((u) => u.id === unitId);
      const w = await props.api.createWorkshop({ title: title.trim(), unitId, district: unit?.name });
      props.onCreated(w, title.trim());
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="card city-form" onSubmit={(e) => void submit(e)} data-testid="new-workshop-form">
      <label className="field">
        <span>{t(C.unit)}</span>
        <select className="city-select" value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="new-workshop-unit" required>
          <option value="">{t(C.chooseUnit)}</option>
          {props.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}（{t(LEVEL_LABEL[u.level])}）
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t(C.workshopTitle)}</span>
        <ImeInput data-testid="new-workshop-title" className="city-input" value={title} maxLength={100} onChange={setTitle} onCommit={() => void submit()} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="city-link-row">
        <button type="submit" className="btn btn-primary" disabled={busy || !title.trim() || !unitId} data-testid="new-workshop-submit">
          {t(C.create)}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t(C.cancel)}
        </button>
      </div>
    </form>
  );
}
