import { useCallback, useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useT } from '../i18n/lang.js';
import { parentCandidates } from '@tsunagu/shared';
import { ImeInput } from '../ui/ImeInput.js';
import { UNIT_LEVELS, type ImportResult, type OrgApi, type Unit, type UnitLevel } from './cityApi.js';
import { C } from './cityStrings.js';
import { LEVEL_LABEL } from './labels.js';
import { ringToPolygon, UnitDrawMap } from './UnitDrawMap.js';
import { UnitParentSelect, UnitRenameField } from './UnitEdit.js';

/**
 * 地域の区分: import boundaries from a GeoJSON file (the kind of area and the property that
 * holds the name are chosen after the file is read), the tree of areas (市 ⊃ 地区 ⊃ 小学校区 ⊃
 * 自治会), and adding an area by name. The server checks the file (PROTOCOL.md); its message
 * is shown as it is and nothing is stored then.
 */
export function UnitsTab({ api, onChange }: { api: OrgApi; onChange(): void }) {
  const t = useT();
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.units().then(setUnits, (e: unknown) => setError((e as Error).message));
  }, [api]);
  useEffect(reload, [reload]);
  const changed = () => {
    setError(null);
    reload();
    onChange();
  };
  return (
    <section className="city-section city-units" data-testid="units-tab">
      <div className="city-units-forms">
        <ImportForm api={api} units={units ?? []} onDone={changed} />
        <AddForm api={api} units={units ?? []} onDone={changed} />
      </div>
      <div className="card city-tree-card">
        <h2>{t(C.tree)}</h2>
        {error && (
          <p className="error" role="alert" data-testid="units-tree-error">
            {error}
          </p>
        )}
        {units === null ? <p>…</p> : units.length === 0 ? <p className="muted">{t(C.noUnits)}</p> : <UnitTree units={units} api={api} onChange={changed} onError={setError} />}
      </div>
    </section>
  );
}

function UnitTree({ units, api, onChange, onError }: { units: Unit[]; api: OrgApi; onChange(): void; onError(m: string): void }) {
  const t = useT();
  const [renaming, setRenaming] = useState<string | null>(null);
  const byParent = useMemo(() => {
    const ids = new Set(units.map((u) => u.id));
    const m = new Map<string | null, Unit[]>();
    for (const u of units) {
      const p = u.parentId && ids.has(u.parentId) ? u.parentId : null;
      m.set(p, [...(m.get(p) ?? []), u]);
    }
    return m;
  }, [units]);
  const render = (parent: string | null, depth: number) => {
    const list = byParent.get(parent);
    if (!list) return null;
    return (
      <ul className={depth === 0 ? 'city-tree' : 'city-tree-sub'}>
        {list.map((u) => (
          <li key={u.id} data-testid="unit-node" data-level={u.level} data-unit-name={u.name}>
            <div className="city-tree-row">
              <span className={`chip chip-level-${u.level}`}>{t(LEVEL_LABEL[u.level])}</span>
              {renaming === u.id ? (
                <UnitRenameField
                  api={api}
                  unit={u}
                  onCancel={() => setRenaming(null)}
                  onError={onError}
                  onDone={() => {
                    setRenaming(null);
                    onChange();
                  }}
                />
              ) : (
                <>
                  <span className="city-tree-name">{u.name}</span>
                  {!u.geometry && <span className="muted">{t(C.noShape)}</span>}
                </>
              )}
              <span className="city-tree-edit">
                {renaming !== u.id && (
                  <button type="button" className="btn btn-small" data-testid="unit-rename" onClick={() => setRenaming(u.id)}>
                    ✏️ {t(C.rename)}
                  </button>
                )}
                <UnitParentSelect api={api} unit={u} units={units} onDone={onChange} onError={onError} />
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="unit-delete"
                  onClick={() => {
                    if (!window.confirm(t(C.confirmRemove, { name: u.name }))) return;
                    api.deleteUnit(u.id).then(onChange, (e: unknown) => {
                      onError((e as Error).message);
                    });
                  }}
                >
                  {t(C.remove)}
                </button>
              </span>
            </div>
            {render(u.id, depth + 1)}
          </li>
        ))}
      </ul>
    );
  };
  return render(null, 0);
}

function ImportForm({ api, units, onDone }: { api: OrgApi; units: Unit[]; onDone(): void }) {
  const t = useT();
  const [geojson, setGeojson] = useState<unknown>(null);
  const [fileName, setFileName] = useState('');
  const [props, setProps] = useState<string[]>([]);
  const [nameProperty, setNameProperty] = useState('');
  /** Properties whose every value is a level id (自治会・小学校区 … per feature, e.g. `kind`). */
  const [levelProps, setLevelProps] = useState<string[]>([]);
  const [levelProperty, setLevelProperty] = useState('');
  const [level, setLevel] = useState<UnitLevel>('school');
  const [parentId, setParentId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    setError(null);
    setResult(null);
    setGeojson(null);
    if (!f) return;
    setFileName(f.name);
    try {
      const data = JSON.parse(await f.text()) as { features?: { properties?: Record<string, unknown> }[] };
      const keys = new Set<string>();
      const feats = (data.features ?? []).slice(0, 500);
      for (const feat of feats.slice(0, 50)) for (const [k, v] of Object.entries(feat.properties ?? {})) if (typeof v === 'string' || typeof v === 'number') keys.add(k);
      const list = [...keys];
      const levelish = list.filter((k) => feats.length > 0 && feats.every((f) => UNIT_LEVELS.includes(f.properties?.[k] as UnitLevel)));
      setLevelProps(levelish);
      setLevelProperty(levelish[0] ?? '');
      setProps(list);
      setNameProperty(list.find((k) => /^(name|名称|名前|NAME|A27_004|school)$/i.test(k)) ?? list[0] ?? '');
      setGeojson(data);
    } catch (err) {
      setError(t(C.badFile, { message: (err as Error).message }));
    }
  };
  const submit = async () => {
    if (!geojson || !nameProperty || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.importUnits({ geojson, level, nameProperty, levelProperty: levelProperty || undefined, parentId: parentId || undefined });
      setResult(r);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card city-form">
      <h2>{t(C.importTitle)}</h2>
      <p className="muted">{t(C.importHint)}</p>
      <label className="field">
        <span>{t(C.file)}</span>
        <input type="file" accept=".geojson,.json,application/geo+json,application/json" data-testid="units-file" onChange={(e) => void onFile(e)} />
      </label>
      {fileName && <p className="muted">{fileName}</p>}
      <div className="city-form-grid">
        <label className="field">
          <span>{t(C.level)}</span>
          {levelProps.length > 0 && (
            <select className="city-select" value={levelProperty} onChange={(e) => setLevelProperty(e.target.value)} data-testid="units-level-property">
              {levelProps.map((p) => (
                <option key={p} value={p}>
                  {t(C.levelFromProperty, { name: p })}
                </option>
              ))}
              <option value="">{t(C.levelOne)}</option>
            </select>
          )}
          <LevelSelect value={level} onChange={setLevel} testId="units-level" hidden={!!levelProperty} />
        </label>
        <label className="field">
          <span>{t(C.nameProperty)}</span>
          <select className="city-select" value={nameProperty} onChange={(e) => setNameProperty(e.target.value)} data-testid="units-name-property" disabled={props.length === 0}>
            {props.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t(C.parent)}</span>
          <select className="city-select" value={parentId} onChange={(e) => setParentId(e.target.value)} data-testid="units-parent">
            <option value="">{t(C.parentAuto)}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="units-error">
          {error}
        </p>
      )}
      {result && (
        <div className="city-notice" data-testid="units-result">
          <p>{t(C.imported, { n: result.created })}</p>
          {result.skipped.length > 0 && (
            <p>
              {t(C.skipped, { n: result.skipped.length })} {result.skipped.map((s) => `#${s.index + 1} ${s.reason}`).join('、')}
            </p>
          )}
        </div>
      )}
      <button type="button" className="btn btn-primary" disabled={!geojson || !nameProperty || busy} onClick={() => void submit()} data-testid="units-import">
        {t(C.doImport)}
      </button>
    </div>
  );
}

function AddForm({ api, units, onDone }: { api: OrgApi; units: Unit[]; onDone(): void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [level, setLevel] = useState<UnitLevel>('school');
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [points, setPoints] = useState<[number, number][]>([]);
  // only units of a higher level can hold the new one (the server refuses others)
  const parents = useMemo(() => parentCandidates(units, '', level), [units, level]);
  const parent = parents.some((u) => u.id === parentId) ? parentId : '';
  const submit = async () => {
    if (!name.trim() || (drawing && points.length > 0 && points.length < 3)) return;
    setError(null);
    try {
      await api.addUnit({ name: name.trim(), level, parentId: parent || undefined, geometry: drawing && points.length >= 3 ? ringToPolygon(points) : undefined });
      setName('');
      setPoints([]);
      setDrawing(false);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="card city-form">
      <h2>{t(C.addTitle)}</h2>
      <div className="city-form-grid">
        <label className="field">
          <span>{t(C.unitName)}</span>
          <ImeInput className="city-input" data-testid="unit-name" value={name} maxLength={100} onChange={setName} onCommit={() => void submit()} />
        </label>
        <label className="field">
          <span>{t(C.level)}</span>
          <LevelSelect value={level} onChange={setLevel} testId="unit-level" />
        </label>
        <label className="field">
          <span>{t(C.parent)}</span>
          <select className="city-select" value={parent} onChange={(e) => setParentId(e.target.value)} data-testid="unit-add-parent">
            <option value="">{t(C.parentNone)}</option>
            {parents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {drawing ? (
        <>
          <p className="muted">{t(C.drawHint)}</p>
          <UnitDrawMap units={units} points={points} onAdd={(p) => setPoints((list) => [...list, p])} />
          <div className="city-link-row">
            <button type="button" className="btn" disabled={points.length === 0} onClick={() => setPoints((list) => list.slice(0, -1))}>
              {t(C.undoPoint)}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setDrawing(false);
                setPoints([]);
              }}
            >
              {t(C.noDrawing)}
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="btn" onClick={() => setDrawing(true)} data-testid="unit-draw">
          ✏️ {t(C.draw)}
        </button>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <button type="button" className="btn btn-primary" disabled={!name.trim() || (drawing && points.length > 0 && points.length < 3)} onClick={() => void submit()} data-testid="unit-add">
        {t(C.add)}
      </button>
    </div>
  );
}

/** A unit level, from 市 down, by its label (the import form and the add form). */
function LevelSelect({ value, onChange, testId, hidden }: { value: UnitLevel; onChange(level: UnitLevel): void; testId: string; hidden?: boolean }) {
  const t = useT();
  return (
    <select className="city-select" value={value} onChange={(e) => onChange(e.target.value as UnitLevel)} data-testid={testId} hidden={hidden}>
      {UNIT_LEVELS.map((l) => (
        <option key={l} value={l}>
          {t(LEVEL_LABEL[l])}
        </option>
      ))}
    </select>
  );
}
