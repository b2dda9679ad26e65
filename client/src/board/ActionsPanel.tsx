import { useState } from 'react';
import type * as Y from 'yjs';
import {
  ACTION_SIDES,
  ACTION_SIDE_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  actionsMap,
  checkPrivacy,
  createAction,
  PRIVACY_MESSAGES,
  privacyMessageKeys,
  readActions,
  setActionStatus,
  type ActionSide,
  type ActionStatus,
} from '@tsunagu/shared';
import { A } from '../i18n/actions.js';
import { useLang, useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import { ImeInput } from '../ui/ImeInput.js';
import type { BoardNote } from './useBoardData.js';

const SIDE_OF_COLUMN: Record<string, ActionSide> = { gyosei: 'gyosei', jumin: 'jumin', kyodo: 'kyodo' };

/**
 * 取り組み (follow-through): the actions decided for the notes, with their side, who does them,
 * their status and the story of every change. Everyone reads them; staff and the facilitator
 * make an action from the selected notes and change a status — which asks 「どう変わったか」
 * (required). On the projector during 振り返り it is the facilitator's agenda, in large type.
 */
export function ActionsPanel(props: {
  doc: Y.Doc;
  canEdit: boolean;
  big: boolean;
  by: string;
  selected: readonly BoardNote[];
  onClose?: () => void;
}) {
  const { doc, canEdit, big, by, selected } = props;
  const t = useT();
  const { lang } = useLang();
  useYVersion(actionsMap(doc) as unknown as Y.AbstractType<unknown>);
  const all = readActions(doc);
  // staff and the facilitator sort and filter the list (the projector shows it whole)
  const [sideFilter, setSideFilter] = useState<ActionSide | ''>('');
  const [statusFilter, setStatusFilter] = useState<ActionStatus | ''>('');
  const [order, setOrder] = useState<'made' | 'status' | 'check'>('made');
  const actions = all
    .filter((a) => (!sideFilter || a.side === sideFilter) && (!statusFilter || a.status === statusFilter))
    .sort((a, b) =>
      order === 'status'
        ? ACTION_STATUSES.indexOf(a.status) - ACTION_STATUSES.indexOf(b.status)
        : order === 'check'
          ? (a.checkAt ?? '9999').localeCompare(b.checkAt ?? '9999')
          : 0,
    );
  const [draft, setDraft] = useState<{ title: string; side: ActionSide; owner: string } | null>(null);
  const ownerPrivacy = draft ? checkPrivacy(draft.owner) : null;
  const [change, setChange] = useState<{ id: string; status: ActionStatus; text: string; error: string } | null>(null);

  const startDraft = () => {
    const first = selected[0];
    setDraft({ title: first?.text.slice(0, 200) ?? '', side: SIDE_OF_COLUMN[first?.column ?? ''] ?? 'kyodo', owner: '' });
  };
  const saveDraft = () => {
    if (!draft || !draft.title.trim()) return;
    createAction(doc, { title: draft.title, side: draft.side, owner: draft.owner, sources: selected.filter((n) => !n.restricted).map((n) => n.id) });
    setDraft(null);
  };
  const saveChange = () => {
    if (!change) return;
    const r = setActionStatus(doc, change.id, change.status, change.text, by);
    if (r === 'text-required') setChange({ ...change, error: t(A.textRequired) });
    else setChange(null);
  };

  return (
    <aside className={`side-panel actions-panel${big ? ' big' : ''}`} data-testid="actions-panel">
      <header>
        <h3>
          {t(A.title)}（{all.length}）
        </h3>
        {props.onClose && (
          <button type="button" className="btn btn-small" onClick={props.onClose}>
            {t(A.close)}
          </button>
        )}
      </header>
      {canEdit && !draft && (
        <button type="button" className="btn btn-small" data-testid="action-new" onClick={startDraft}>
          ＋ {selected.length > 0 ? t(A.fromSelection, { n: selected.length }) : t(A.add)}
        </button>
      )}
      {draft && (
        <div className="action-draft" data-testid="action-draft">
          <label>
            {t(A.what)}
            <ImeInput value={draft.title} onChange={(v) => setDraft({ ...draft, title: v })} onCommit={saveDraft} data-testid="action-title" maxLength={200} />
          </label>
          <label>
            {t(A.side)}
            <select value={draft.side} onChange={(e) => setDraft({ ...draft, side: e.target.value as ActionSide })} data-testid="action-side">
              {ACTION_SIDES.map((s) => (
                <option key={s} value={s}>
                  {ACTION_SIDE_LABELS[s][lang]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(A.owner)}
            <ImeInput value={draft.owner} onChange={(v) => setDraft({ ...draft, owner: v })} onCommit={saveDraft} data-testid="action-owner" maxLength={60} placeholder={t(A.ownerHint)} />
          </label>
          {ownerPrivacy?.warn && (
            <ul className="warn" role="alert" data-testid="action-owner-privacy">
              {privacyMessageKeys(ownerPrivacy).map((k) => (
                <li key={k}>{PRIVACY_MESSAGES[k][lang]}</li>
              ))}
            </ul>
          )}
          <div className="row">
            <button type="button" className="btn btn-small btn-primary" data-testid="action-save" disabled={!draft.title.trim()} onClick={saveDraft}>
              {t(A.save)}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDraft(null)}>
              {t(A.cancel)}
            </button>
          </div>
        </div>
      )}
      {canEdit && all.length > 1 && (
        <div className="action-filters" data-testid="action-filters">
          <select aria-label={t(A.side)} value={sideFilter} onChange={(e) => setSideFilter(e.target.value as ActionSide | '')} data-testid="action-filter-side">
            <option value="">{t(A.allSides)}</option>
            {ACTION_SIDES.map((s) => (
              <option key={s} value={s}>
                {ACTION_SIDE_LABELS[s][lang]}
              </option>
            ))}
          </select>
          <select aria-label={t(A.status)} value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as ActionStatus | '')} data-testid="action-filter-status">
            <option value="">{t(A.allStatuses)}</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s][lang]}
              </option>
            ))}
          </select>
          <select aria-label={t(A.order)} value={order} onChange={(e) => setOrder(e.target.value as 'made' | 'status' | 'check')} data-testid="action-order">
            <option value="made">{t(A.orderMade)}</option>
            <option value="status">{t(A.orderStatus)}</option>
            <option value="check">{t(A.orderCheck)}</option>
          </select>
        </div>
      )}
      {all.length === 0 && <p className="muted">{t(A.none)}</p>}
      <ul>
        {actions.map((a) => {
          const last = a.history[a.history.length - 1];
          return (
            <li key={a.id} className="action-row" data-testid="action-row" data-id={a.id} data-status={a.status}>
              <strong className="action-title">{a.title}</strong>
              <span className={`action-status status-${a.status}`}>{ACTION_STATUS_LABELS[a.status][lang]}</span>
              <span className="muted">
                {ACTION_SIDE_LABELS[a.side][lang]}
                {a.owner ? `・${a.owner}` : ''}
                {a.checkAt ? `・${t(A.check)} ${a.checkAt}` : ''}
              </span>
              {last && <span className="action-last">「{last.text}」</span>}
              {canEdit && change?.id !== a.id && (
                <button type="button" className="btn btn-small" data-testid={`action-change-${a.id}`} onClick={() => setChange({ id: a.id, status: a.status, text: '', error: '' })}>
                  {t(A.changeStatus)}
                </button>
              )}
              {change?.id === a.id && (
                <div className="action-change">
                  <select value={change.status} onChange={(e) => setChange({ ...change, status: e.target.value as ActionStatus })} data-testid="action-status">
                    {ACTION_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {ACTION_STATUS_LABELS[s][lang]}
                      </option>
                    ))}
                  </select>
                  <ImeInput value={change.text} onChange={(v) => setChange({ ...change, text: v, error: '' })} onCommit={saveChange} placeholder={t(A.howChanged)} data-testid="action-how" maxLength={300} />
                  {change.error && (
                    <p className="warn" role="alert">
                      {change.error}
                    </p>
                  )}
                  <div className="row">
                    <button type="button" className="btn btn-small btn-primary" data-testid="action-record" onClick={saveChange}>
                      {t(A.record)}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setChange(null)}>
                      {t(A.cancel)}
                    </button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
