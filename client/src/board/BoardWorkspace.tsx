import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import {
  addItem,
  canAccessRestricted,
  canWrite,
  columnAt,
  connect,
  DEFAULT_CATEGORY_ID,
  deleteItems,
  isFacilitator,
  LANE_HEADER,
  LANE_WIDTH,
  may,
  moveItems,
  notesOverlap,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  laneIndexOf,
  Occupancy,
  placeDropped,
  setPhase,
  tidyNotes,
} from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useLang, useT } from '../i18n/lang.js';
import type { PresenceState } from '../sync/presence.js';
import { useSelectionBridge } from '../map/useSelectionBridge.js';
import type { BoardAreaProps } from './BoardArea.js';
import { BoardCanvas } from './BoardCanvas.js';
import { BoardToolbar } from './BoardToolbar.js';
import { noteFontSize, PROJECTOR_MIN_SCALE } from './colors.js';
import { ProjectorPager, Spotlight } from './HallOverlays.js';
import { H } from './hallStrings.js';
import { SoundUnlock } from './SoundUnlock.js';
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
import { ActionsPanel } from './ActionsPanel.js';
import { ConnectorPanel } from './ConnectorPanel.js';
import { A } from '../i18n/actions.js';
import { useVoting } from './useVoting.js';
import { useActionSources, useOfferMatches } from './useOfferMatches.js';
import { useProjecting } from '../privacy/projecting.js';
import { EditorPrivacyWarning } from '../privacy/EditorPrivacyWarning.js';
import { LiftButton } from '../city/lifting.js';
import { PROJECTOR_PRESENCE_SLOT } from '../slots.js';

/** The canvas board with its toolbar, facilitator tools, panels and the note editor. */
/** The height at the board's bottom edge the selection bar covers (its height and margin). */
const SELECTION_BAR_ROOM = 96;

export function BoardWorkspace(props: BoardAreaProps) {
  const { doc, restrictedDoc, awareness, role, user, projector } = props;
  const t = useT();
  const presenceSlot = useHeaderSlot(props.projector ? PROJECTOR_PRESENCE_SLOT : null);
  const { lang } = useLang();
  // 「投影中」 (issue 17): the facilitator's own board on the hall's screen hides what the projector hides
  const { projecting } = useProjecting();
  const data = useBoardData(doc, restrictedDoc, { includeRestricted: canAccessRestricted(role) && !projector && !projecting, hideHeld: projector || projecting || role === 'viewer', heldOwner: canAccessRestricted(role) ? undefined : user.id });
  const peers = usePeers(awareness);
  const boxRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(boxRef);
  const [view, setViewState] = useState<View>({ x: 20, y: 20, scale: 0.6 });
  const [selection, setSelection] = useState<Set<string>>(new Set());
  useSelectionBridge(selection, setSelection);
  const [editing, setEditing] = useState<string | null>(null);
  // 図式化: the selected connector (its tools show instead of the selection bar's)
  const [connSel, setConnSel] = useState<string | null>(null);
  useEffect(() => {
    if (selection.size > 0) setConnSel(null);
  }, [selection]);
  const [panel, setPanel] = useState<'none' | 'tools' | 'trash' | 'vote' | 'actions'>('none');
  const undo = useUndo(doc, restrictedDoc);
  const phase = data.meta.phase;
  const canAdd = may(role, phase, 'add');
  const canMove = may(role, phase, 'move');
  const canEdit = may(role, phase, 'edit');
  const canVote = may(role, phase, 'vote');
  const vote = data.meta.vote;
  // dots go through the server: this device's own come from it, nobody's tallies before the reveal
  const voting = useVoting(props.workshopId, props.token, vote, role !== 'viewer' && !projector);
  // the server lets a participant change its own notes only (authz/policy.ts); mirror it
  const staffish = canAccessRestricted(role);
  const isOwn = (n: BoardNote | undefined) => !!n && (staffish || n.authorId === user.id);

  // The projector never zooms out below the scale at which note text is 28 px on screen
  // (PROJECTOR_MIN_SCALE): whatever the view asks for (fit, follow-me, a lane), it keeps that
  // view's centre at no smaller scale, and what does not fit is paged to.
  const clamp = useCallback(
    (v: View): View => {
      if (!projector || v.scale >= PROJECTOR_MIN_SCALE || width <= 0) return v;
      const s = PROJECTOR_MIN_SCALE;
      const cx = (width / 2 - v.x) / v.scale;
      const cy = (height / 2 - v.y) / v.scale;
      return { scale: s, x: width / 2 - cx * s, y: height / 2 - cy * s };
    },
    [projector, width, height],
  );
  const setView = useCallback((u: View | ((v: View) => View)) => setViewState((v) => clamp(typeof u === 'function' ? u(v) : u)), [clamp]);
  const fit = useCallback(() => {
    const bottom = data.notes.reduce((m, n) => Math.max(m, n.y + NOTE_HEIGHT), 0);
    const h = Math.min(1400, Math.max(projector ? 500 : 700, bottom + 40));
    if (width <= 0) return;
    const v = fitView({ x: 0, y: 0, w: Math.max(1, data.columns.length) * LANE_WIDTH, h }, width, height, 16, 2.5);
    // on the projector, a board too big for 28 px text starts at its top-left corner
    setView(projector && v.scale < PROJECTOR_MIN_SCALE ? { scale: PROJECTOR_MIN_SCALE, x: 16, y: 16 } : v);
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

  // The projector, when nobody drives it, follows the newest note: a note that arrives off
  // screen is brought into view (centred), at the same scale.
  const newest = useMemo(() => data.notes.reduce<BoardNote | null>((a, n) => (!a || n.createdAt > a.createdAt ? n : a), null), [data.notes]);
  const seenNewest = useRef<string | null>(null);
  useEffect(() => {
    if (!projector || !newest || width <= 0) return;
    // keyed by place too: the server may move a note that arrived on top of another
    const key = `${newest.id}@${newest.x},${newest.y}`;
    const first = seenNewest.current === null;
    if (seenNewest.current === key) return;
    seenNewest.current = key;
    if (first || follow.leader) return;
    setView((v) => {
      const sx = newest.x * v.scale + v.x;
      const sy = newest.y * v.scale + v.y;
      const inside = sx >= 0 && sy >= 0 && sx + NOTE_WIDTH * v.scale <= width && sy + NOTE_HEIGHT * v.scale <= height;
      if (inside) return v;
      // its lane at the left edge (no empty space beyond the board), the note low on the screen
      // so the notes before it stay in view above it
      const laneLeft = Math.floor(newest.x / LANE_WIDTH) * LANE_WIDTH;
      return { ...v, x: 16 - laneLeft * v.scale, y: Math.min(16, height * 0.85 - (newest.y + NOTE_HEIGHT) * v.scale) };
    });
  }, [projector, newest, width, height, follow.leader, setView]);
  const page = useCallback(
    (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x - dx * LANE_WIDTH * v.scale, y: Math.min(16, v.y - dy * height * 0.8) })),
    [height, setView],
  );

  // Spotlight: the facilitator's presence names one note; the projector shows it full-screen
  // (a note tapped on the projector is shown the same way, locally).
  const [localSpot, setLocalSpot] = useState<string | null>(null);
  const [mySpot, setMySpot] = useState<string | null>(null);
  const peerSpot = peers.find((p) => p.state.user?.role === 'facilitator' && typeof (p.state as Record<string, unknown>).spotlight === 'string');
  const spotId = localSpot ?? (projector ? ((peerSpot?.state as Record<string, unknown> | undefined)?.spotlight as string | undefined) : undefined) ?? null;
  const setSpotlight = (id: string | null) => {
    setMySpot(id);
    awareness.setLocalStateField('spotlight', id);
  };

  const notesById = useMemo(() => new Map(data.notes.map((n) => [n.id, n])), [data.notes]);
  const connector = connSel ? data.connectors.find((c) => c.id === connSel) : undefined;
  const offerMatches = useOfferMatches(doc, data.notes);
  const actionSources = useActionSources(doc);
  const closeConnector = useCallback(() => setConnSel(null), []);
  const editingNote = editing ? notesById.get(editing) : undefined;
  useEffect(() => {
    if (editing && !editingNote) setEditing(null);
  }, [editing, editingNote]);

  const createAt = useCallback(
    (bx: number, by: number) => {
      if (!canAdd) return;
      const x0 = Math.round(bx - NOTE_WIDTH / 2);
      const y0 = Math.round(Math.max(LANE_HEADER + 10, Math.min(LANE_HEIGHT - NOTE_HEIGHT, by - NOTE_HEIGHT / 2)));
      const column = columnAt(data.columns, x0 + NOTE_WIDTH / 2);
      // where it was asked for, or if that covers another note, the nearest free slot of the lane
      const free = !data.notes.some((n) => notesOverlap(n, { x: x0, y: y0 }));
      const { x, y } = free ? { x: x0, y: y0 } : new Occupancy(data.notes).takeNear(laneIndexOf(data.columns.map((c) => c.id), column), x0, y0);
      undo.stop();
      const id = addItem(doc, {
        text: '',
        category: DEFAULT_CATEGORY_ID,
        column,
        x,
        y,
        authorName: user.name,
        authorRole: user.kind,
        authorId: user.id,
      });
      setSelection(new Set([id]));
      setEditing(id);
    },
    [canAdd, doc, data.columns, data.notes, user, undo],
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
    const pub = [...selection].filter((id) => !notesById.get(id)?.restricted && isOwn(notesById.get(id)));
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

  // 整列: the selection, or else every lane on screen
  const tidy = () => {
    // facilitator and staff: it moves everyone's notes
    if (!canMove || !canAccessRestricted(role)) return;
    const pub = [...selection].filter((id) => notesById.get(id) && !notesById.get(id)!.restricted);
    if (pub.length) {
      tidyNotes(doc, { ids: new Set(pub) });
      return;
    }
    const left = toBoard(view, 0, 0).x;
    const right = toBoard(view, width, 0).x;
    const lanes = new Set<number>();
    data.columns.forEach((_, i) => {
      if ((i + 1) * LANE_WIDTH > left && i * LANE_WIDTH < right) lanes.add(i);
    });
    tidyNotes(doc, { lanes });
  };

  const onNoteClick = (id: string, e: MouseEvent | TouchEvent) => {
    if (projector) {
      setLocalSpot(id);
      return;
    }
    if (!vote.active || !canVote) return;
    const n = notesById.get(id);
    if (!n || n.restricted) return;
    if ('altKey' in e && e.altKey) void voting.remove(id);
    else void voting.place(id).then((ok) => !ok && setPanel('vote'));
  };

  const editorRect = editingNote ? toScreen(view, editingNote.x, editingNote.y) : null;
  const canEditNote = (n: BoardNote) => canEdit && isOwn(n) && (!n.restricted || staffish);
  // the selection bar floats over the board's bottom edge: when a selected note sits there,
  // the bar moves to the board's top edge instead of covering the note being worked on
  const selectionLow = [...selection].some((id) => {
    const n = notesById.get(id);
    return !!n && toScreen(view, n.x, n.y).y + NOTE_HEIGHT * view.scale > height - SELECTION_BAR_ROOM;
  });
  // (layout is read only then: the board renders on every frame of a drag)
  const barTop = selectionLow ? boardTopInWorkspace(boxRef.current) : undefined;
  const presence = <PresenceBar me={user} peers={peers} chosen={follow.chosen} onFollow={follow.follow} compact={projector} />;

  return (
    <div className={`workspace${projector ? ' projector' : ''}`}>
      {!projector && (
        <BoardToolbar
          canAdd={canAdd}
          canEdit={canEdit && [...selection].every((id) => isOwn(notesById.get(id)))}
          staff={staffish}
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
          barTop={barTop}
          onConnect={() => {
            const [from, to] = [...selection];
            const id = from && to ? connect(doc, from, to, { authorId: user.id }) : null;
            if (id) {
              setSelection(new Set());
              setConnSel(id);
            }
          }}
          extra={
            <>
              {canMove && canAccessRestricted(role) && (
                <button type="button" className="btn" data-testid="tidy" title={t(H.tidyHint)} onClick={tidy}>
                  ▦ {t(H.tidy)}
                </button>
              )}
              {isFacilitator(role) && (mySpot || selection.size === 1) && (
                <button
                  type="button"
                  className="btn"
                  data-testid="spotlight-toggle"
                  title={t(H.spotlightHint)}
                  aria-pressed={!!mySpot}
                  disabled={!mySpot && selection.size !== 1}
                  onClick={() => setSpotlight(mySpot ? null : ([...selection][0] ?? null))}
                >
                  🔦 {mySpot ? t(H.spotlightClose) : t(H.spotlight)}
                </button>
              )}
            </>
          }
        />
      )}
      <div className="workspace-status">
        <PhaseSteps phase={phase} continued={!!data.meta.continuesFrom} onPick={isFacilitator(role) && !projector ? (p) => setPhase(doc, p) : undefined} />
        {(projector || isFacilitator(role)) && <SoundUnlock big={projector} />}
        {isFacilitator(role) && !projector && (
          <LiftButton
            doc={doc}
            workshopId={props.workshopId}
            token={props.token}
            itemId={selection.size === 1 && notesById.get([...selection][0]!) && !notesById.get([...selection][0]!)!.restricted ? [...selection][0]! : null}
          />
        )}
        {!projector && (
          <button type="button" className={`btn btn-small${panel === 'actions' ? ' on' : ''}`} data-testid="actions-toggle" onClick={() => setPanel(panel === 'actions' ? 'none' : 'actions')}>
            ✔ {t(A.toggle)}
          </button>
        )}
        <TimerDisplay doc={doc} big={projector} />
        {/* on the projector the counts sit in the page's header (a wide row with room to spare),
            so the status row of a split screen stays one line */}
        {projector && presenceSlot ? createPortal(presence, presenceSlot) : presence}
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
      {mySpot && !projector && (
        <div className="follow-banner lead" data-testid="spotlight-on">
          🔦 {t(H.spotlightOn)}
          <button type="button" className="btn btn-small" onClick={() => setSpotlight(null)}>
            {t(H.spotlightClose)}
          </button>
        </div>
      )}
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
              myDots={voting.mine}
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
              onDrop={(dropped) => {
                // a note dropped into another lane joins its flow; one dropped on another note
                // takes the nearest free slot (placement in @tsunagu/shared; the server checks too)
                const ids = data.columns.map((c) => c.id);
                const placed = placeDropped(
                  data.notes,
                  dropped.map((m) => {
                    const col = m.column ?? notesById.get(m.id)?.column ?? 'pool';
                    return { id: m.id, x: m.x, y: m.y, lane: laneIndexOf(ids, col), laneChanged: col !== notesById.get(m.id)?.column };
                  }),
                );
                const at = new Map(placed.map((p) => [p.id, p]));
                const moves = dropped.map((m) => ({ ...m, x: at.get(m.id)?.x ?? m.x, y: at.get(m.id)?.y ?? m.y }));
                const pub = moves.filter((m) => !notesById.get(m.id)?.restricted);
                const res = moves.filter((m) => notesById.get(m.id)?.restricted);
                if (pub.length) moveItems(doc, pub);
                if (res.length && restrictedDoc) moveItems(restrictedDoc, res);
              }}
              onCursor={(p) => awareness.setLocalStateField('cursor', p)}
              onDragging={(d) => awareness.setLocalStateField('dragging', d)}
              diagram={staffish && !projector && canWrite(role)}
              doc={doc}
              selectedConnector={connSel}
              offers={offerMatches}
              actionSources={actionSources}
              onConnectorSelect={(id) => {
                setSelection(new Set());
                setConnSel(id);
              }}
              onConnect={(from, to) => {
                const id = connect(doc, from, to, { authorId: user.id });
                if (id) {
                  setSelection(new Set());
                  setConnSel(id);
                }
              }}
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
          {editingNote && editorRect && <EditorPrivacyWarning text={editingNote.text} left={editorRect.x} top={editorRect.y + NOTE_HEIGHT * view.scale + 6} />}
        </div>
        {connector && staffish && !projector && <ConnectorPanel doc={doc} connector={connector} onClose={closeConnector} />}
        {projector && <ProjectorPager onPage={page} />}
        {spotId && notesById.get(spotId) && (
          <Spotlight
            note={notesById.get(spotId)!}
            category={data.categories.find((c) => c.id === notesById.get(spotId)!.category)}
            lang={lang}
            onClose={localSpot ? () => setLocalSpot(null) : undefined}
          />
        )}
        {panel === 'tools' && isFacilitator(role) && !projector && (
          <FacilitatorPanel
            doc={doc}
            phase={phase}
            vote={vote}
            columns={data.columns}
            userId={user.id}
            voting={voting}
            workshopId={props.workshopId}
            token={props.token}
            leading={follow.leading}
            setLeading={follow.setLeading}
            onShowTrash={() => setPanel('trash')}
            trashCount={data.trash.length}
          />
        )}
        {panel === 'trash' && <TrashPanel trash={data.trash} doc={doc} restrictedDoc={restrictedDoc} onClose={() => setPanel('tools')} />}
        {(panel === 'actions' || (projector && phase === 'review')) && (
          <ActionsPanel
            doc={doc}
            canEdit={staffish && !projector}
            big={projector}
            by={user.name}
            selected={[...selection].map((id) => notesById.get(id)).filter((n): n is BoardNote => !!n)}
            onClose={projector ? undefined : () => setPanel('none')}
          />
        )}
        {(panel === 'vote' || (projector && vote.revealed)) && (
          <VotePanel notes={data.notes} vote={vote} voting={voting} canVote={canVote && !projector} canManage={isFacilitator(role) && !projector} onClose={projector ? undefined : () => setPanel('none')} />
        )}
      </div>
      <NotesMirror notes={data.notes} columns={data.columns} lang={lang} revealed={vote.revealed} label={t(B2.notesMirror)} offers={offerMatches} />
    </div>
  );
}

/** Where the board's top edge (plus a margin) lies in its workspace, in px; undefined before mount. */
function boardTopInWorkspace(box: HTMLElement | null): number | undefined {
  const workspace = box?.closest('.workspace');
  return box && workspace ? box.getBoundingClientRect().top - workspace.getBoundingClientRect().top + 10 : undefined;
}

/** The element with `id` once mounted (null when `id` is null or absent). */
function useHeaderSlot(id: string | null): HTMLElement | null {
  const [el, setEl] = useState<HTMLElement | null>(null);
  useEffect(() => setEl(id ? document.getElementById(id) : null), [id]);
  return el;
}
