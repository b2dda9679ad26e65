import { useMemo, useState } from 'react';
import { parentCandidates, unitsInTreeOrder } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import type { OrgApi, OrgWorkshop, Unit } from './cityApi.js';
import { C } from './cityStrings.js';
import { LEVEL_LABEL } from './labels.js';
import './cityEdit.css';

/**
 * Correcting the organisation's geography from the coordinator screen: 「区分を変える」 on a
 * workshop row (a select of the units in tree order, indented, with their level, and 区分なし),
 * and on each unit 「名前を変える」 (IME-safe: Enter during a composition never saves) and
 * 「上の区分」 (only the units the server accepts: of a higher level, not itself or below it).
 * The server checks everything again (PATCH routes, docs/PROTOCOL.md); its message is shown.
 */

/** The units as options: tree order, indented by depth, each with its level. */
function useUnitOptions(units: readonly Unit[]): { id: string; label: string }[] {
  const t = useT();
  return useMemo(
    () => unitsInTreeOrder(units).map(({ unit, depth }) => ({ id: unit.id, label: `${'\u3000'.repeat(depth)}${t(C.unitOption, { name: unit.name, level: t(LEVEL_LABEL[unit.level]) })}` })),
    [units, t],
  );
}

export function MoveWorkshopSelect(props: { api: OrgApi; workshop: OrgWorkshop; units: readonly Unit[]; onMoved(unitName: string): void; onError(message: string): void }) {
  const t = useT();
  const options = useUnitOptions(props.units);
  const [busy, setBusy] = useState(false);
  const { workshop: w } = props;
  const move = async (unitId: string | null) => {
    setBusy(true);
    try {
      const r = await props.api.moveWorkshop(w.id, unitId);
      props.onMoved(r.unitName || t(C.noUnit));
    } catch (err) {
      props.onError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label className="city-move">
      <span className="city-move-label">{t(C.moveUnit)}</span>
      <select
        className="city-select city-move-select"
        value={w.unitId ?? ''}
        disabled={busy}
        aria-label={t(C.moveUnitOf, { title: w.title })}
        data-testid="workshop-move"
        onChange={(e) => void move(e.target.value || null)}
      >
        <option value="">{t(C.noUnit)}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The name field of a unit being renamed: Enter (outside a composition) or 保存 saves, Esc or やめる leaves it. */
export function UnitRenameField(props: { api: OrgApi; unit: Unit; onDone(): void; onCancel(): void; onError(message: string): void }) {
  const t = useT();
  const [name, setName] = useState(props.unit.name);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = name.trim();
    if (!v || busy) return;
    if (v === props.unit.name) return props.onCancel();
    setBusy(true);
    try {
      await props.api.editUnit(props.unit.id, { name: v });
      props.onDone();
    } catch (err) {
      props.onError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <span className="city-rename">
      <ImeInput
        className="city-input city-rename-input"
        data-testid="unit-rename-input"
        aria-label={t(C.renameOf, { name: props.unit.name })}
        value={name}
        maxLength={100}
        autoFocus
        onChange={setName}
        onCommit={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
        }}
      />
      <button type="button" className="btn btn-primary btn-small" disabled={busy || !name.trim()} onClick={() => void save()} data-testid="unit-rename-save">
        {t(C.save)}
      </button>
      <button type="button" className="btn btn-small" onClick={props.onCancel}>
        {t(C.cancel)}
      </button>
    </span>
  );
}

export function UnitParentSelect(props: { api: OrgApi; unit: Unit; units: readonly Unit[]; onDone(): void; onError(message: string): void }) {
  const t = useT();
  const { unit } = props;
  const allowed = useMemo(() => new Set(parentCandidates(props.units, unit.id).map((u) => u.id)), [props.units, unit.id]);
  const options = useUnitOptions(props.units).filter((o) => allowed.has(o.id) || o.id === unit.parentId);
  const [busy, setBusy] = useState(false);
  const change = async (parentId: string | null) => {
    setBusy(true);
    try {
      await props.api.editUnit(unit.id, { parentId });
      props.onDone();
    } catch (err) {
      props.onError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label className="city-move city-parent">
      <span className="city-move-label">{t(C.parent)}</span>
      <select
        className="city-select city-move-select"
        value={unit.parentId ?? ''}
        disabled={busy}
        aria-label={t(C.parentOf, { name: unit.name })}
        data-testid="unit-parent"
        onChange={(e) => void change(e.target.value || null)}
      >
        <option value="">{t(C.parentNone)}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
