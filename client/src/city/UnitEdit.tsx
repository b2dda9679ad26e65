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

/**
 * A labelled select of units (and one 'none' choice) whose change is sent at once: disabled
 * while the server answers, its message passed on when it refuses. 「区分を変える」 and 「上の区分」.
 */
function UnitChoice(props: {
  className: string;
  label: string;
  ariaLabel: string;
  testId: string;
  none: string;
  value: string | null;
  options: readonly { id: string; label: string }[];
  pick(id: string | null): Promise<void>;
  onError(message: string): void;
}) {
  const [busy, setBusy] = useState(false);
  const change = async (id: string | null) => {
    setBusy(true);
    try {
      await props.pick(id);
    } catch (err) {
      props.onError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label className={props.className}>
      <span className="city-move-label">{props.label}</span>
      <select
        className="city-select city-move-select"
        value={props.value ?? ''}
        disabled={busy}
        aria-label={props.ariaLabel}
        data-testid={props.testId}
        onChange={(e) => void change(e.target.value || null)}
      >
        <option value="">{props.none}</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MoveWorkshopSelect(props: { api: OrgApi; workshop: OrgWorkshop; units: readonly Unit[]; onMoved(unitName: string): void; onError(message: string): void }) {
  const t = useT();
  const { workshop: w } = props;
  const options = useUnitOptions(props.units);
  return (
    <UnitChoice
      className="city-move"
      label={t(C.moveUnit)}
      ariaLabel={t(C.moveUnitOf, { title: w.title })}
      testId="workshop-move"
      none={t(C.noUnit)}
      value={w.unitId}
      options={options}
      pick={async (unitId) => props.onMoved((await props.api.moveWorkshop(w.id, unitId)).unitName || t(C.noUnit))}
      onError={props.onError}
    />
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
  return (
    <UnitChoice
      className="city-move city-parent"
      label={t(C.parent)}
      ariaLabel={t(C.parentOf, { name: unit.name })}
      testId="unit-parent"
      none={t(C.parentNone)}
      value={unit.parentId}
      options={options}
      pick={async (parentId) => {
        await props.api.editUnit(unit.id, { parentId });
        props.onDone();
      }}
      onError={props.onError}
    />
  );
}
