import { useEffect, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { CATEGORY_KINDS, localLabel, groupItems, LOCAL, setConsent, setHeld, setResourceStage, ungroupItems, updateItem, type Category } from '@tsunagu/shared';
import { PV } from '../privacy/privacyStrings.js';
import { B2 } from '../i18n/boardTools.js';
import { D } from '../i18n/diagram.js';
import { CATEGORY_KIND_LABEL } from '../i18n/common.js';
import { useLang, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import type { BoardNote } from './useBoardData.js';

/** The board's toolbar: new note, undo/redo, zoom, and actions on the selection (category, group, delete). */
export function BoardToolbar(p: {
  canAdd: boolean;
  /** May change the selected notes (a participant: only when they are all its own). */
  canEdit: boolean;
  /** Staff and facilitator: grouping and marking resources as created (創出). */
  staff: boolean;
  readOnly: boolean;
  undo: { undo(): void; redo(): void; canUndo: boolean; canRedo: boolean };
  selection: ReadonlySet<string>;
  notes: ReadonlyMap<string, BoardNote>;
  categories: readonly Category[];
  doc: Y.Doc;
  onNew(): void;
  onDelete(): void;
  onZoom(f: number): void;
  onFit(): void;
  onClear(): void;
  voteActive: boolean;
  onVotePanel(): void;
  facilitator: boolean;
  onTools(): void;
  /** More tools after 全体 (整列, 大きく映す). */
  extra?: ReactNode;
  /** 図式化: draw a connector between the two selected notes (staff and facilitator). */
  onConnect?: () => void;
  /** Where the selection bar goes instead of the board's bottom edge (px from the workspace's top): a selected note is down there. */
  barTop?: number;
}) {
  const t = useT();
  const { lang } = useLang();
  const sel = [...p.selection].filter((id) => p.notes.get(id) && !p.notes.get(id)!.restricted);
  const grouped = sel.some((id) => p.notes.get(id)?.groupId);
  // naming a new group: an inline, IME-safe field (a window.prompt() dialog is small, blocks
  // every other screen update, and shows over the projector)
  const [naming, setNaming] = useState(false);
  const [groupName, setGroupName] = useState('');
  const finishGroup = (name: string | null) => {
    if (name !== null) groupItems(p.doc, sel, name);
    setNaming(false);
    setGroupName('');
  };
  const canGroup = sel.length >= 2 && !grouped;
  // the category of the selected public notes (restricted notes keep their 心配な世帯 category;
  // the public document never takes a restricted one)
  const selCats = new Set(sel.map((id) => p.notes.get(id)!.category));
  const commonCat = selCats.size === 1 ? [...selCats][0]! : '';
  // resources can be marked as newly created by the neighbourhood (創出, counted in the summary)
  const kindOf = (id: string) => p.categories.find((c) => c.id === p.notes.get(id)!.category)?.kind;
  const allResources = sel.length > 0 && sel.every((id) => kindOf(id) === 'resource');
  const allCreated = allResources && sel.every((id) => p.notes.get(id)!.stage === 'created');
  const heldSel = sel.filter((id) => p.notes.get(id)!.held === true);
  const consents = new Set(sel.map((id) => p.notes.get(id)!.consent ?? 'public'));
  const commonConsent = consents.size === 1 ? [...consents][0]! : '';
  const setCategory = (category: string) => {
    if (!category) return;
    p.doc.transact(() => {
      for (const id of sel) updateItem(p.doc, id, { category });
    }, LOCAL);
  };
  useEffect(() => {
    if (!canGroup) setNaming(false);
  }, [canGroup]);
  return (
    <>
      <div className="toolbar" role="toolbar" data-testid="toolbar">
        {p.canAdd && (
          <button type="button" className="btn btn-primary" data-testid="new-note" title={t(B2.newNoteHint)} onClick={p.onNew}>
            {t(B2.newNote)}
          </button>
        )}
        {!p.readOnly && (
          <>
            <button type="button" className="btn" data-testid="undo" disabled={!p.undo.canUndo} onClick={p.undo.undo} title="Ctrl+Z">
              ↶ {t(B2.undo)}
            </button>
            <button type="button" className="btn" data-testid="redo" disabled={!p.undo.canRedo} onClick={p.undo.redo} title="Ctrl+Shift+Z">
              ↷ {t(B2.redo)}
            </button>
          </>
        )}
        <span className="toolbar-sep" />
        <button type="button" className="btn" onClick={() => p.onZoom(1 / 1.25)} aria-label={t(B2.zoomOut)} data-testid="zoom-out">
          －
        </button>
        <button type="button" className="btn" onClick={() => p.onZoom(1.25)} aria-label={t(B2.zoomIn)} data-testid="zoom-in">
          ＋
        </button>
        <button type="button" className="btn" onClick={p.onFit} data-testid="zoom-fit" title={t(B2.fitHint)}>
          {t(B2.fit)}
        </button>
        {p.extra}
        <span className="toolbar-grow" />
        {p.voteActive && (
          <button type="button" className="btn" data-testid="vote-open" onClick={p.onVotePanel}>
            ● {t(B2.voteTitle)}
          </button>
        )}
        {p.facilitator && (
          <button type="button" className="btn" data-testid="tools-toggle" onClick={p.onTools}>
            ⚙ {t(B2.tools)}
          </button>
        )}
      </div>
      {p.selection.size > 0 && (
        // the actions on the selection float over the bottom of the board: in the toolbar they
        // were scrolled out of sight on a laptop's board pane, and a second row would make the
        // canvas jump each time a note is selected
        <div
          className="selection-bar"
          role="toolbar"
          aria-label={t(B2.selected, { n: p.selection.size })}
          data-testid="selection-bar"
          data-at={p.barTop === undefined ? 'bottom' : 'top'}
          style={p.barTop === undefined ? undefined : { top: p.barTop, bottom: 'auto' }}
        >
          <span className="selection-count" data-testid="selection-count">
            {t(B2.selected, { n: p.selection.size })}
          </span>
          {p.canEdit && sel.length > 0 && (
            <select
              className="toolbar-category"
              data-testid="note-category"
              aria-label={t(B2.category)}
              title={t(B2.category)}
              value={commonCat}
              onChange={(e) => setCategory(e.target.value)}
            >
              {!commonCat && <option value="">{t(B2.categoryMixed)}</option>}
              {CATEGORY_KINDS.map((kind) => {
                const cats = p.categories.filter((c) => c.kind === kind && !c.restricted);
                return cats.length === 0 ? null : (
                  <optgroup key={kind} label={t(CATEGORY_KIND_LABEL[kind])}>
                    {cats.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.icon ? `${c.icon} ` : ''}
                        {localLabel('category', c, lang)}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          )}
          {p.canEdit && p.staff && allResources && (
            <label className="selection-created" title={t(B2.createdHint)}>
              <input type="checkbox" data-testid="resource-created" checked={allCreated} onChange={(e) => setResourceStage(p.doc, sel, e.target.checked ? 'created' : null)} />
              ✨ {t(B2.created)}
            </label>
          )}
          {p.canEdit && p.staff && heldSel.length > 0 && (
            <button type="button" className="btn btn-small" data-testid="release-held" title={t(PV.releaseHint)} onClick={() => setHeld(p.doc, heldSel, false)}>
              📽 {t(PV.release)}
            </button>
          )}
          {p.canEdit && p.staff && allResources && (
            <select
              className="toolbar-category"
              data-testid="resource-consent"
              aria-label={t(PV.consent)}
              title={t(PV.consent)}
              value={commonConsent}
              onChange={(e) => setConsent(p.doc, sel, e.target.value === 'public' ? null : (e.target.value as 'yes' | 'pending' | 'no'))}
            >
              {!commonConsent && <option value="">{t(PV.consent)}</option>}
              <option value="public">{t(PV.consentPublic)}</option>
              <option value="yes">{t(PV.consentYes)}</option>
              <option value="pending">{t(PV.consentPending)}</option>
              <option value="no">{t(PV.consentNo)}</option>
            </select>
          )}
          {p.staff && p.onConnect && sel.length === 2 && !naming && (
            <button type="button" className="btn btn-small" data-testid="connect" title={t(D.connectHint)} onClick={p.onConnect}>
              ↗ {t(D.connect)}
            </button>
          )}
          {p.canEdit && p.staff && canGroup && !naming && (
            <button type="button" className="btn btn-small" data-testid="group" onClick={() => setNaming(true)}>
              ▣ {t(B2.group)}
            </button>
          )}
          {p.canEdit && p.staff && grouped && (
            <button type="button" className="btn btn-small" data-testid="ungroup" onClick={() => ungroupItems(p.doc, sel)}>
              {t(B2.ungroup)}
            </button>
          )}
          {p.canEdit && (
            <button type="button" className="btn btn-small" data-testid="delete" onClick={p.onDelete}>
              🗑 {t(B2.del)}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="selection-clear" aria-label={t(B2.deselect)} title={t(B2.deselect)} onClick={p.onClear}>
            ✕
          </button>
        </div>
      )}
      {p.canEdit && p.staff && canGroup && naming && (
        <div className="group-namer" data-testid="group-namer" role="dialog" aria-label={t(B2.groupName)}>
          <label className="group-namer-label" htmlFor="group-name">{t(B2.groupName)}</label>
          <ImeInput
            id="group-name"
            className="group-name-input"
            placeholder={t(B2.groupNameHint)}
            data-testid="group-name"
            maxLength={60}
            autoFocus
            value={groupName}
            onChange={setGroupName}
            onCommit={finishGroup}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && !e.nativeEvent.isComposing) finishGroup(null);
            }}
          />
          <button type="button" className="btn btn-primary" data-testid="group-ok" onClick={() => finishGroup(groupName)}>
            {t(B2.groupOk)}
          </button>
          <button type="button" className="btn" data-testid="group-cancel" onClick={() => finishGroup(null)}>
            {t(B2.cancel)}
          </button>
        </div>
      )}
    </>
  );
}
