import { useEffect, useMemo, useState } from 'react';
import { addItem, addPin, deleteItems, DEFAULT_LIMITS, may, restoreItems, setItemText, POOL_COLUMN, PHASE_INSTRUCTIONS, publicPoint, slotForNewNote } from '@tsunagu/shared';
import { sendExactPoint } from '../sync/privacyApi.js';
import { TimerDisplay } from '../board/TimerDisplay.js';
import type { PhoneHomeProps } from '../slots.js';
import { useLang, useT } from '../i18n/lang.js';
import { useAreas, useCategories, useDocItems, useMeta } from '../map/useMapData.js';
import { useGeoAvailability } from './useGeoAvailability.js';
import { CategoryPicker } from './CategoryPicker.js';
import { LazyLocateStep } from './LazyLocateStep.js';
import { usePrefetchLocate } from './locateLoader.js';
import { MyPosts } from './MyPosts.js';
import { OfferFlow } from './OfferFlow.js';
import { O } from './offerStrings.js';
import { P } from './phoneStrings.js';
import { TextStep } from './TextStep.js';
import { useDraft, usePhoneStep, type PhoneStep } from './useDraft.js';
import { useLocalPersistence } from './useLocalPersistence.js';
import { useSendStatus } from './useSendStatus.js';
import './phone.css';
import { ConsultButton, ConsultDialog } from '../privacy/ConsultDialog.js';

/**
 * The resident's phone after joining: two big buttons, 「ここにピン」 (position → category →
 * short text → send) and 「付箋を書く」 (category → text → send), and the list of what this
 * person wrote with 送信済み / 未送信. The doc is kept in IndexedDB, so nothing typed is lost
 * when the Wi-Fi drops; the provider sends it when the connection returns.
 */
type Step = PhoneStep | { name: 'sent'; id: string } | { name: 'edit'; id: string };

export default function PhoneHome({ doc, role, workshopId, userName, userKind, userId, onShowTab, discardLocal, synced = true }: PhoneHomeProps) {
  const t = useT();
  const { lang } = useLang();
  useLocalPersistence(doc, `tsunagu.doc.${workshopId}`, discardLocal);
  const { log, record } = useSendStatus(workshopId);
  const categories = useCategories(doc);
  const items = useDocItems(doc);
  const areas = useAreas(doc);
  const geoAvailability = useGeoAvailability();
  // the locate step (Leaflet) is fetched once this screen is up, the first sync done and the page idle
  const locate = usePrefetchLocate(synced);
  const meta = useMeta(doc);
  const [draft, setDraft] = useDraft(workshopId);
  // 「私にできること」: its own small flow (OfferFlow), open from the home screen
  const [offering, setOffering] = useState(false);
  // 「相談したい」 (issue 17): a private message to staff; the text it starts with, or null when closed
  const [consult, setConsult] = useState<string | null>(null);
  const consultDialog = consult !== null && <ConsultDialog workshopId={workshopId} initialText={consult} onClose={() => setConsult(null)} />;
  const canAdd = may(role, meta.phase, 'add');
  const canEdit = may(role, meta.phase, 'edit');
  // the step of the flow is kept over a reload: the resident comes back to her draft
  const [savedStep, saveStep] = usePhoneStep(workshopId);
  const [step, setStepState] = useState<Step>(() => (canAdd ? savedStep : { name: 'home' }));
  const setStep = (s: Step) => {
    setStepState(s);
    saveStep(s.name === 'locate' || s.name === 'category' || s.name === 'text' ? s : { name: 'home' });
  };
  const mine = useMemo(() => items.filter((i) => i.authorId === userId), [items, userId]);
  const [editText, setEditText] = useState('');
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  // a note being edited that disappears (withdrawn elsewhere) or a phase that closes editing ends the edit
  const editing = step.name === 'edit' ? mine.find((i) => i.id === step.id) : undefined;
  useEffect(() => {
    if (step.name === 'edit' && (!editing || !canEdit)) setStepState({ name: 'home' });
  }, [step.name, editing, canEdit]);

  const startEdit = (id: string) => {
    setEditText(mine.find((i) => i.id === id)?.text ?? '');
    setWithdrawn(null);
    setStep({ name: 'edit', id });
  };
  const withdraw = (id: string) => {
    deleteItems(doc, [id]);
    setWithdrawn(id);
  };
  const posts = <MyPosts items={mine} categories={categories} log={log} canEdit={canEdit} onEdit={startEdit} onWithdraw={withdraw} />;
  // the shared countdown on every screen of the phone
  const timer = (
    <div className="ph-timer">
      <TimerDisplay doc={doc} />
    </div>
  );

  const send = (text: string, category: string, at: [number, number] | null) => {
    const base = {
      text,
      category,
      column: POOL_COLUMN,
      authorName: userName.slice(0, 40),
      authorRole: userKind,
      authorId: userId,
      // the next free slot of 出てきた課題 (the server moves it on if another phone took it first)
      ...xyOf(slotForNewNote(doc, POOL_COLUMN)),
    };
    const id = at ? addPin(doc, { ...base, lat: at[0], lng: at[1] }) : addItem(doc, base);
    // A need is stored at area precision in the public document; its exact point goes to staff only.
    if (at && publicPoint(doc, category, at[0], at[1]).coarse) sendExactPoint(workshopId, id, at[0], at[1]);
    record(doc, id);
    setDraft('');
    setStep({ name: 'sent', id });
  };

  const header = (n: number, total: number) => (
    <div className="ph-steps">
      <button type="button" className="btn ph-back" data-testid="back" onClick={() => setStep({ name: 'home' })}>
        ← {t(P.back)}
      </button>
      <span className="ph-step-count">{t(P.step, { n, total })}</span>
    </div>
  );

  if (offering) return <OfferFlow doc={doc} workshopId={workshopId} categories={categories} areas={areas} onDone={() => setOffering(false)} />;
  // 「ここにピン」: place → category → text (3 steps); 「付箋を書く」: category → text (2 steps)
  const total = (at: [number, number] | null) => (at ? 3 : 2);

  if (step.name === 'locate')
    return (
      <div className="ph" data-testid="phone-locate">
        {timer}
        {header(1, 3)}
        <LazyLocateStep meta={meta} items={items} areas={areas} onConfirm={(at) => setStep({ name: 'category', at })} onWithoutPlace={() => setStep({ name: 'category', at: null })} />
      </div>
    );

  if (step.name === 'category')
    return (
      <div className="ph" data-testid="phone-category">
        {timer}
        {header(total(step.at) - 1, total(step.at))}
        <h2 className="ph-h">{t(P.chooseCategory)}</h2>
        <CategoryPicker categories={categories} onPick={(category) => setStep({ name: 'text', at: step.at, category })} />
      </div>
    );

  if (step.name === 'text')
    return (
      <div className="ph" data-testid="phone-text">
        {timer}
        {header(total(step.at), total(step.at))}
        <TextStep
          category={categories.find((c) => c.id === step.category)}
          draft={draft}
          onDraft={setDraft}
          maxLength={DEFAULT_LIMITS.maxTextLength}
          onSend={(text) => send(text, step.category, step.at)}
          onConsult={(text) => setConsult(text)}
        />
        {consultDialog}
      </div>
    );

  if (step.name === 'edit' && editing)
    return (
      <div className="ph" data-testid="phone-edit" data-item-id={editing.id}>
        {timer}
        <div className="ph-steps">
          <button type="button" className="btn ph-back" data-testid="back" onClick={() => setStep({ name: 'home' })}>
            ← {t(P.back)}
          </button>
        </div>
        <h2 className="ph-h">{t(P.editTitle)}</h2>
        <TextStep
          category={categories.find((c) => c.id === editing.category)}
          draft={editText}
          onDraft={setEditText}
          maxLength={DEFAULT_LIMITS.maxTextLength}
          onSend={(text) => {
            setItemText(doc, editing.id, text);
            record(doc, editing.id);
            setStep({ name: 'home' });
          }}
        />
      </div>
    );

  if (step.name === 'sent') {
    const sent = log.find((e) => e.id === step.id)?.sent ?? false;
    return (
      <div className="ph ph-done" data-testid="phone-sent" data-sent={sent ? 'yes' : 'no'}>
        {timer}
        <p className="ph-done-icon" aria-hidden>
          {sent ? '✅' : '📱'}
        </p>
        <h2 className="ph-h">{sent ? t(P.sentTitle) : t(P.savedOffline)}</h2>
        <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="again" onClick={() => setStep({ name: 'home' })}>
          {t(P.home)}
        </button>
        {posts}
      </div>
    );
  }

  return (
    <div className="ph" data-testid="phone-home">
      {timer}
      <p className="ph-hello">{t(P.hello, { name: userName })}</p>
      {!canAdd && (
        <p className="ph-closed" data-testid="phase-closed">
          {t(P.notNow)}：{PHASE_INSTRUCTIONS[meta.phase][lang]}
        </p>
      )}
      <div className="ph-big">
        <button type="button" className="ph-bigbtn ph-bigbtn-pin" disabled={!canAdd} data-testid="pin-here" data-geo={geoAvailability} data-locate={locate} onClick={() => setStep({ name: 'locate' })}>
          <span className="ph-bigbtn-icon" aria-hidden>
            📍
          </span>
          <span className="ph-bigbtn-label">{t(geoAvailability === 'unavailable' ? P.pinOnMap : P.pinHere)}</span>
          <small>{t(geoAvailability === 'unavailable' ? P.pinOnMapSub : P.pinHereSub)}</small>
        </button>
        <button type="button" className="ph-bigbtn ph-bigbtn-note" disabled={!canAdd} data-testid="write-note" onClick={() => setStep({ name: 'category', at: null })}>
          <span className="ph-bigbtn-icon" aria-hidden>
            📝
          </span>
          <span className="ph-bigbtn-label">{t(P.writeNote)}</span>
          <small>{t(P.writeNoteSub)}</small>
        </button>
      </div>
      {role === 'participant' && (
        <button type="button" className="ph-bigbtn ph-bigbtn-offer" data-testid="offer-help" onClick={() => setOffering(true)}>
          <span className="ph-bigbtn-icon" aria-hidden>
            🤝
          </span>
          <span className="ph-bigbtn-label">{t(O.button)}</span>
          <small>{t(O.buttonSub)}</small>
        </button>
      )}
      {onShowTab && (
        <div className="ph-row">
          <button type="button" className="btn btn-big" onClick={() => onShowTab('map')}>
            🗺 {t(P.seeMap)}
          </button>
          <button type="button" className="btn btn-big" onClick={() => onShowTab('board')}>
            🗒 {t(P.seeNotes)}
          </button>
        </div>
      )}
      <ConsultButton onClick={() => setConsult('')} />
      {consultDialog}
      {withdrawn && (
        <p className="ph-withdrawn" role="status" data-testid="withdrawn">
          {t(P.withdrawn)}
          <button
            type="button"
            className="btn"
            data-testid="withdraw-undo"
            onClick={() => {
              restoreItems(doc, [withdrawn]);
              setWithdrawn(null);
            }}
          >
            ↩ {t(P.undo)}
          </button>
        </p>
      )}
      {posts}
    </div>
  );
}

const xyOf = (s: { x: number; y: number }) => ({ x: s.x, y: s.y });
