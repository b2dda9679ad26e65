import { useState } from 'react';
import type * as Y from 'yjs';
import {
  ACTION_SIDES,
  ACTION_SIDE_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  actionsMap,
  createAction,
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
  const actions = readActions(doc);
  const [draft, setDraft] = useState<{ title: string; side: ActionSide; owner: string } | null>(null);
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
          {t(A.title)}（{actions.length}）
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
      {actions.length === 0 && <p className="muted">{t(A.none)}</p>}
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
