import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  addItem,
  canAccessRestricted,
  canWrite,
  columnAt,
  DEFAULT_CATEGORY_ID,
  deleteItems,
  isFacilitator,
  LANE_HEADER,
  LANE_WIDTH,
  may,
  moveItems,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  placeDot,
  removeDot,
} from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useLang, useT } from '../i18n/lang.js';
import type { PresenceState } from '../sync/presence.js';
import { useSelectionBridge } from '../map/useSelectionBridge.js';
import type { BoardAreaProps } from './BoardArea.js';
import { BoardCanvas } from './BoardCanvas.js';
import { BoardToolbar } from './BoardToolbar.js';
import { noteFontSize } from './colors.js';
import { FacilitatorPanel } from './FacilitatorPanel.js';
import { LANE_GAP, LANE_HEIGHT } from './LanesLayer.js';
import { NoteEditor } from './NoteEditor.js';
import { NotesMirror } from './NotesMirror.js';
import { PhaseInstruction, PhaseSteps } from './PhaseBanner.js';
import { PresenceBar } from './PresenceBar.js';
import { TimerDisplay } from './TimerDisplay.js';
import { TrashPanel } from './TrashPanel.js';
import { docOf, useBoardData, type BoardNote } from './useBoardData.js';
import { useBoardKeys } from './useBoardKeys.js';
import { useElementSize } from './useElementSize.js';
import { useFollow } from './useFollow.js';
import { usePeers } from './usePresence.js';
import { useUndo } from './useUndo.js';
import { fitView, toBoard, toScreen, zoomAt, type View } from './viewport.js';
import { VotePanel } from './VotePanel.js';

/** The canvas board with its toolbar, facilitator tools, panels and the note editor. */
export function BoardWorkspace(props: BoardAreaProps) {
  const { doc, restrictedDoc, awareness, role, user, projector } = props;
  const t = useT();
  const { lang } = useLang();
  const data = useBoardData(doc, restrictedDoc, { includeRestricted: canAccessRestricted(role) && !projector });
  const peers = usePeers(awareness);
  const boxRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(boxRef);
  const [view, setViewState] = useState<View>({ x: 20, y: 20, scale: 0.6 });
  const [selection, setSelection] = useState<Set<string>>(new Set());
  useSelectionBridge(selection, setSelection);
  const [editing, setEditing] = useState<string | null>(null);
  const [panel, setPanel] = useState<'none' | 'tools' | 'trash' | 'vote'>('none');
  const undo = useUndo(doc, restrictedDoc);
  const phase = data.meta.phase;
  const canAdd = may(role, phase, 'add');
  const canMove = may(role, phase, 'move');
  const canEdit = may(role, phase, 'edit');
  const canVote = may(role, phase, 'vote');
  const vote = data.meta.vote;

  const setView = useCallback((u: View | ((v: View) => View)) => setViewState((v) => (typeof u === 'function' ? u(v) : u)), []);
  const fit = useCallback(() => {
    const bottom = data.notes.reduce((m, n) => Math.max(m, n.y + NOTE_HEIGHT), 0);
    const h = Math.min(1400, Math.max(projector ? 500 : 700, bottom + 40));
    if (width > 0) setView(fitView({ x: 0, y: 0, w: Math.max(1, data.columns.length) * LANE_WIDTH, h }, width, height, 16, 2.5));
  }, [width, height, data.columns.length, data.notes, projector, setView]);
  // One lane across the full width, from its top (readable from the back of the hall: the
  // projector follows the facilitator's visible width). 0 or 全体 shows every lane again.
  const focusLane = useCallback(
    (i: number) => {
      if (width <= 0 || i < 0 || i >= data.columns.length) return;
      // the lane with half a gap each side, fitted by its width (a 1-unit height never limits it)
      setView(fitView({ x: i * LANE_WIDTH - LANE_GAP / 2, y: 0, w: LANE_WIDTH, h: 1 }, width, height, 16, 2.5));
    },
    [width, height, data.columns.length, setView],
  );
  // Fit once, as soon as the canvas has a size and the board its lanes: during render (React
  // renders again at once with the fitted view), so the canvas never mounts and rasterises
  // the notes of the provisional view first.
  const fitted = useRef(false);
  if (!fitted.current && width > 0 && data.columns.length > 0) {
    fitted.current = true;
    fit();
  }
  const follow = useFollow({ awareness, peers, view, setView, width, height });

  const notesById = useMemo(() => new Map(data.notes.map((n) => [n.id, n])), [data.notes]);
  const editingNote = editing ? notesById.get(editing) : undefined;
  useEffect(() => {
    if (editing && !editingNote) setEditing(null);
  }, [editing, editingNote]);

  const createAt = useCallback(
    (bx: number, by: number) => {
      if (!canAdd) return;
      const x = Math.round(bx - NOTE_WIDTH / 2);
      const y = Math.round(Math.max(LANE_HEADER + 10, Math.min(LANE_HEIGHT - NOTE_HEIGHT, by - NOTE_HEIGHT / 2)));
      undo.stop();
      const id = addItem(doc, {
        text: '',
        category: DEFAULT_CATEGORY_ID,
        column: columnAt(data.columns, x + NOTE_WIDTH / 2),
        x,
        y,
        authorName: user.name,
        authorRole: user.kind,
        authorId: user.id,
      });
      setSelection(new Set([id]));
      setEditing(id);
    },
    [canAdd, doc, data.columns, user, undo],
  );
  const createAtCenter = () => {
    const cursor = (awareness.getLocalState() as PresenceState | null)?.cursor;
    const c = cursor ?? toBoard(view, width / 2, height / 2);
    createAt(c.x, c.y);
  };
  const finishEditing = useCallback(() => {
    setEditing((id) => {
      if (id) {
        const n = notesById.get(id);
        if (n && n.text.trim() === '') deleteItems(docOf(n, doc, restrictedDoc), [id]);
      }
      return null;
    });
    undo.stop();
  }, [notesById, doc, restrictedDoc, undo]);

  const deleteSelection = () => {
    if (!canEdit || selection.size === 0) return;
    const pub = [...selection].filter((id) => !notesById.get(id)?.restricted);
    const res = [...selection].filter((id) => notesById.get(id)?.restricted);
    if (pub.length) deleteItems(doc, pub);
    if (res.length && restrictedDoc) deleteItems(restrictedDoc, res);
    setSelection(new Set());
  };

  useBoardKeys(
    {
      newNote: createAtCenter,
      del: deleteSelection,
      undo: () => undo.undo(),
      redo: () => undo.redo(),
      pan: (dx, dy) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy })),
      zoom: (f) => setView((v) => zoomAt(v, f, width / 2, height / 2)),
      fit,
      lane: (i) => focusLane(i),
      escape: () => setSelection(new Set()),
    },
    true,
    projector,
  );

  const onNoteClick = (id: string, e: MouseEvent | TouchEvent) => {
    if (!vote.active || !canVote) return;
    const n = notesById.get(id);
    if (!n || n.restricted) return;
    if ('altKey' in e && e.altKey) removeDot(doc, id, user.id);
    else if (placeDot(doc, id, user.id) === 'budget-exhausted') setPanel('vote');
  };

  const editorRect = editingNote ? toScreen(view, editingNote.x, editingNote.y) : null;
  const canEditNote = (n: BoardNote) => canEdit && (!n.restricted || canAccessRestricted(role));

  return (
    <div className={`workspace${projector ? ' projector' : ''}`}>
      {!projector && (
        <BoardToolbar
          canAdd={canAdd}
          canEdit={canEdit}
          undo={undo}
          selection={selection}
          notes={notesById}
          categories={data.categories}
          doc={doc}
          onNew={createAtCenter}
          onDelete={deleteSelection}
          onZoom={(f) => setView((v) => zoomAt(v, f, width / 2, height / 2))}
          onFit={fit}
          onClear={() => setSelection(new Set())}
          voteActive={vote.active}
          onVotePanel={() => setPanel(panel === 'vote' ? 'none' : 'vote')}
          facilitator={isFacilitator(role)}
          onTools={() => setPanel(panel === 'tools' ? 'none' : 'tools')}
          readOnly={!canWrite(role)}
        />
      )}
      <div className="workspace-status">
        <PhaseSteps phase={phase} />
        <TimerDisplay doc={doc} big={projector} />
        <PresenceBar me={user} peers={peers} chosen={follow.chosen} onFollow={follow.follow} compact={projector} />
      </div>
      <PhaseInstruction phase={phase} className="instruction-row" />
      {follow.leader && !projector && (
        <div className="follow-banner" data-testid="following">
          {t(B2.following, { name: follow.leader.state.user?.name ?? '' })}
          {!follow.forced && (
            <button type="button" className="btn btn-small" onClick={() => follow.follow(null)}>
              {t(B2.unfollow)}
            </button>
          )}
        </div>
      )}
      {follow.leading && <div className="follow-banner lead">{t(B2.leading)}</div>}
      <div className="workspace-body">
        <div
          ref={boxRef}
          className="canvas-box"
          data-testid="board-canvas"
          data-view-x={view.x}
          data-view-y={view.y}
          data-view-scale={view.scale}
          data-note-count={data.notes.length}
          data-ready={fitted.current && width > 0}
          tabIndex={-1}
        >
          {width > 0 && (
            <BoardCanvas
              data={data}
              width={width}
              height={height}
              view={view}
              setView={setView}
              selection={selection}
              setSelection={setSelection}
              canMove={canMove && !follow.forced}
              canEditNote={canEditNote}
              voterId={user.id}
              peers={peers}
              projector={projector}
              lang={lang}
              editingId={editing}
              onCreateAt={createAt}
              onLaneFocus={focusLane}
              onOpen={(id) => {
                const n = notesById.get(id);
                if (n && canEditNote(n)) setEditing(id);
              }}
              onNoteClick={onNoteClick}
              onDrop={(moves) => {
                const pub = moves.filter((m) => !notesById.get(m.id)?.restricted);
                const res = moves.filter((m) => notesById.get(m.id)?.restricted);
                if (pub.length) moveItems(doc, pub);
                if (res.length && restrictedDoc) moveItems(restrictedDoc, res);
              }}
              onCursor={(p) => awareness.setLocalStateField('cursor', p)}
              onDragging={(d) => awareness.setLocalStateField('dragging', d)}
            />
          )}
          {editingNote && editorRect && (
            <NoteEditor
              key={editingNote.id}
              doc={docOf(editingNote, doc, restrictedDoc)}
              itemId={editingNote.id}
              rect={{ left: editorRect.x, top: editorRect.y, width: NOTE_WIDTH * view.scale, height: NOTE_HEIGHT * view.scale }}
              fontSize={Math.max(14, noteFontSize(editingNote.text, projector) * view.scale)}
              onDone={finishEditing}
            />
          )}
        </div>
        {panel === 'tools' && isFacilitator(role) && !projector && (
          <FacilitatorPanel
            doc={doc}
            phase={phase}
            vote={vote}
            columns={data.columns}
            userId={user.id}
            leading={follow.leading}
            setLeading={follow.setLeading}
            onShowTrash={() => setPanel('trash')}
            trashCount={data.trash.length}
          />
        )}
        {panel === 'trash' && <TrashPanel trash={data.trash} doc={doc} restrictedDoc={restrictedDoc} onClose={() => setPanel('tools')} />}
        {(panel === 'vote' || (projector && vote.revealed)) && (
          <VotePanel doc={doc} notes={data.notes} vote={vote} voterId={user.id} canVote={canVote && !projector} canManage={isFacilitator(role) && !projector} onClose={projector ? undefined : () => setPanel('none')} />
        )}
      </div>
      <NotesMirror notes={data.notes} columns={data.columns} lang={lang} revealed={vote.revealed} label={t(B2.notesMirror)} />
    </div>
  );
}
