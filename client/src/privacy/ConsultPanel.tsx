import { useMemo, useState } from 'react';
import * as Y from 'yjs';
import { CONSULT_STATUS_LABELS, CONSULT_STATUSES, LOCAL, metaMap, ROOT, type Consultation, type ConsultStatus } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import { ImeInput } from '../ui/ImeInput.js';
import { useProjecting } from './projecting.js';
import { PV } from './privacyStrings.js';
import './privacy.css';

type AnyType = Y.AbstractType<unknown>;

function readConsultations(restrictedDoc: Y.Doc): Consultation[] {
  const out: Consultation[] = [];
  restrictedDoc.getMap<Y.Map<unknown>>(ROOT.consultations).forEach((m) => {
    if (!(m instanceof Y.Map)) return;
    const get = <T,>(k: string, d: T): T => (m.get(k) as T | undefined) ?? d;
    out.push({
      id: get('id', ''),
      text: get('text', ''),
      contact: get('contact', ''),
      status: (CONSULT_STATUSES as readonly string[]).includes(get('status', '')) ? (get('status', 'open') as ConsultStatus) : 'open',
      name: get('name', ''),
      kind: get('kind', ''),
      userId: get('userId', ''),
      createdAt: get('createdAt', 0),
      updatedAt: get('updatedAt', 0),
    });
  });
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Staff's side of 「相談したい」 (issue 17): a badge with the number of open messages in the
 * board's header and, on a click, the list (未対応・対応中・対応済み, settable) with the 窓口's
 * contact details the phones show. Read from the restricted document, so only staff and the
 * facilitator have it; hidden while 「投影中」 is on and never drawn in projector mode.
 */
export function ConsultBadge({ doc, restrictedDoc }: { doc: Y.Doc; restrictedDoc: Y.Doc }) {
  const t = useT();
  const { projecting } = useProjecting();
  const [open, setOpen] = useState(false);
  const v = useYVersion(restrictedDoc.getMap(ROOT.consultations) as unknown as AnyType);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const list = useMemo(() => readConsultations(restrictedDoc), [restrictedDoc, v]);
  if (projecting) return null;
  const waiting = list.filter((c) => c.status === 'open').length;
  return (
    <div className="pv-consult-anchor">
      <button
        type="button"
        className={`btn pv-badge-btn${waiting > 0 ? ' pv-badge-alert' : ''}`}
        data-testid="consult-badge"
        data-open={waiting}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        🤝 {t(PV.consultations)}
        {waiting > 0 && <span className="pv-badge">{waiting}</span>}
      </button>
      {open && <ConsultList doc={doc} restrictedDoc={restrictedDoc} list={list} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ConsultList({ doc, restrictedDoc, list, onClose }: { doc: Y.Doc; restrictedDoc: Y.Doc; list: Consultation[]; onClose(): void }) {
  const t = useT();
  const { lang } = useLang();
  const setStatus = (id: string, status: ConsultStatus) => {
    const m = restrictedDoc.getMap<Y.Map<unknown>>(ROOT.consultations).get(id);
    if (!(m instanceof Y.Map)) return;
    restrictedDoc.transact(() => {
      m.set('status', status);
      m.set('updatedAt', Date.now());
    }, LOCAL);
  };
  const time = (ms: number) => new Date(ms).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <div className="pv-consult-panel" role="dialog" aria-label={t(PV.consultListTitle)} data-testid="consult-list">
      <div className="pv-panel-head">
        <h2>🔒 {t(PV.consultListTitle)}</h2>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label={t(PV.consultClose)}>
          ✕
        </button>
      </div>
      {list.length === 0 && <p className="muted">{t(PV.consultNone)}</p>}
      <ul className="pv-consult-items">
        {list.map((c) => (
          <li key={c.id} className={`pv-consult-item pv-status-${c.status}`} data-testid="consult-item" data-id={c.id} data-status={c.status}>
            <p className="pv-consult-meta">
              <strong>{c.name || '—'}</strong> <span className="muted">{time(c.createdAt)}</span>
            </p>
            <p className="pv-consult-text">{c.text}</p>
            {c.contact && (
              <p className="pv-consult-contact" data-testid="consult-item-contact">
                📞 {c.contact}
              </p>
            )}
            <div className="pv-status-row" role="group" aria-label={t(PV.consultStatus)}>
              {CONSULT_STATUSES.map((s) => (
                <button key={s} type="button" className={`btn btn-small${c.status === s ? ' on' : ''}`} aria-pressed={c.status === s} data-testid={`consult-status-${s}`} onClick={() => setStatus(c.id, s)}>
                  {CONSULT_STATUS_LABELS[s][lang]}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <DeskSetting doc={doc} />
    </div>
  );
}

/** The 窓口's contact details (meta.consultDesk, staff-written) that a phone shows after sending. */
function DeskSetting({ doc }: { doc: Y.Doc }) {
  const t = useT();
  const v = useYVersion(metaMap(doc) as unknown as AnyType);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stored = useMemo(() => String(metaMap(doc).get('consultDesk') ?? ''), [doc, v]);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = () => {
    if (draft === null) return;
    metaMap(doc).set('consultDesk', draft.trim().slice(0, 200));
    setDraft(null);
    setSaved(true);
  };
  return (
    <div className="pv-desk-setting">
      <label htmlFor="pv-desk">{t(PV.consultDeskSetting)}</label>
      <ImeInput
        id="pv-desk"
        data-testid="consult-desk-input"
        multiline
        rows={2}
        maxLength={200}
        value={draft ?? stored}
        onChange={(x) => {
          setDraft(x);
          setSaved(false);
        }}
        onCommit={save}
      />
      <button type="button" className="btn btn-small btn-primary" data-testid="consult-desk-save" disabled={draft === null} onClick={save}>
        {t(PV.consultDeskSave)}
      </button>
      {saved && <span className="muted"> {t(PV.consultDeskSaved)}</span>}
    </div>
  );
}

/** 「投影中」: the facilitator's switch for a board shown on the hall's screen. */
export function ProjectingSwitch() {
  const t = useT();
  const { projecting, setProjecting } = useProjecting();
  return (
    <button
      type="button"
      className={`btn pv-projecting-btn${projecting ? ' on' : ''}`}
      data-testid="projecting-toggle"
      aria-pressed={projecting}
      title={t(PV.projectingHint)}
      onClick={() => setProjecting(!projecting)}
    >
      📽 {t(PV.projecting)}
      {projecting ? ' ON' : ' OFF'}
    </button>
  );
}

/** The banner under the header while 「投影中」 is on. */
export function ProjectingBanner() {
  const t = useT();
  const { projecting, setProjecting } = useProjecting();
  if (!projecting) return null;
  return (
    <div className="pv-projecting-banner" data-testid="projecting-banner" role="status">
      📽 {t(PV.projectingOn)}
      <button type="button" className="btn btn-small" onClick={() => setProjecting(false)}>
        {t(PV.projectingOff)}
      </button>
    </div>
  );
}
