import { useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { PARTICIPANT_KINDS } from '@tsunagu/shared';
import { defineStrings, useLang, useT } from '../i18n/lang.js';
import { ImeInput } from './ImeInput.js';
import { saveStaffName, type StaffName } from '../sync/staffName.js';

export { loadStaffName, type StaffName } from '../sync/staffName.js';

/**
 * Staff and the facilitator open the workshop by a link, so the server knows no name for them
 * (presence showed 「その他」 or a raw role id). The first time, a strip under the header asks
 * for a name (and, for staff, where they work); it is kept in this browser's localStorage and
 * used as the presence name from then on. In the flow of the page, never over the board.
 */
export const SN = defineStrings({
  ask: { ja: 'お名前を入れてください（参加者の画面の「参加中」に出ます）', en: 'Please enter your name (shown under “Here now” on everyone’s screen)' },
  label: { ja: 'お名前', en: 'Your name' },
  where: { ja: '所属', en: 'Where you work' },
  ok: { ja: 'この名前にする', en: 'Use this name' },
  later: { ja: 'あとで', en: 'Later' },
  empty: { ja: 'お名前を入れてから押してください', en: 'Enter a name first' },
});

/** Kinds staff choose from (residents join by code, not by a staff link). */
const STAFF_KINDS = PARTICIPANT_KINDS.filter((k) => k.id !== 'jumin');

export function StaffNamePrompt({ role, awareness, onName }: { role: 'facilitator' | 'staff'; awareness: Awareness; onName(v: StaffName): void }) {
  const t = useT();
  const { lang } = useLang();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('csw');
  const [empty, setEmpty] = useState(false);
  const [later, setLater] = useState(false);
  if (later) return null;
  const commit = () => {
    const v = name.trim().slice(0, 40);
    if (!v) {
      setEmpty(true);
      return;
    }
    const chosen: StaffName = role === 'staff' ? { name: v, kind } : { name: v };
    saveStaffName(chosen);
    const prev = (awareness.getLocalState() as { user?: Record<string, unknown> } | null)?.user;
    if (prev) awareness.setLocalStateField('user', { ...prev, name: chosen.name, ...(chosen.kind ? { kind: chosen.kind } : {}) });
    onName(chosen);
  };
  return (
    <form
      className="staff-name"
      data-testid="staff-name"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <p className="staff-name-ask">👋 {t(SN.ask)}</p>
      <label className="staff-name-field">
        <span>{t(SN.label)}</span>
        <ImeInput
          data-testid="staff-name-input"
          value={name}
          maxLength={40}
          rows={1}
          aria-invalid={empty || undefined}
          onChange={(v) => {
            setName(v);
            setEmpty(false);
          }}
          onCommit={commit}
        />
      </label>
      {role === 'staff' && (
        <label className="staff-name-field">
          <span>{t(SN.where)}</span>
          <select data-testid="staff-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {STAFF_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="btn btn-primary" data-testid="staff-name-ok">
        {t(SN.ok)}
      </button>
      <button type="button" className="btn" data-testid="staff-name-later" onClick={() => setLater(true)}>
        {t(SN.later)}
      </button>
      {empty && (
        <p className="staff-name-error" role="alert">
          {t(SN.empty)}
        </p>
      )}
    </form>
  );
}
