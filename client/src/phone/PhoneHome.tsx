import { useMemo, useState } from 'react';
import { addItem, addPin, DEFAULT_LIMITS, may, POOL_COLUMN, PHASE_INSTRUCTIONS, publicPoint, slotForNewNote } from '@tsunagu/shared';
import { sendExactPoint } from '../sync/privacyApi.js';
import type { PhoneHomeProps } from '../slots.js';
import { useLang, useT } from '../i18n/lang.js';
import { useAreas, useCategories, useDocItems, useMeta } from '../map/useMapData.js';
import { useGeoAvailability } from './useGeoAvailability.js';
import { CategoryPicker } from './CategoryPicker.js';
import { LocateStep } from './LocateStep.js';
import { MyPosts } from './MyPosts.js';
import { OfferFlow } from './OfferFlow.js';
import { O } from './offerStrings.js';
import { P } from './phoneStrings.js';
import { TextStep } from './TextStep.js';
import { useDraft } from './useDraft.js';
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
type Step = { name: 'home' } | { name: 'locate' } | { name: 'category'; at: [number, number] | null } | { name: 'text'; at: [number, number] | null; category: string } | { name: 'sent'; id: string };

export default function PhoneHome({ doc, role, workshopId, userName, userKind, userId, onShowTab, discardLocal }: PhoneHomeProps) {
  const t = useT();
  const { lang } = useLang();
  useLocalPersistence(doc, `tsunagu.doc.${workshopId}`, discardLocal);
  const { log, record } = useSendStatus(workshopId);
  const categories = useCategories(doc);
  const items = useDocItems(doc);
  const areas = useAreas(doc);
  const geoAvailability = useGeoAvailability();
  const meta = useMeta(doc);
  const [step, setStep] = useState<Step>({ name: 'home' });
  const [draft, setDraft] = useDraft(workshopId);
  // 「私にできること」: its own small flow (OfferFlow), open from the home screen
  const [offering, setOffering] = useState(false);
  // 「相談したい」 (issue 17): a private message to staff; the text it starts with, or null when closed
  const [consult, setConsult] = useState<string | null>(null);
  const consultDialog = consult !== null && <ConsultDialog workshopId={workshopId} initialText={consult} onClose={() => setConsult(null)} />;
  const mine = useMemo(() => items.filter((i) => i.authorId === userId), [items, userId]);
  const canAdd = may(role, meta.phase, 'add');

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
  if (step.name === 'locate')
    return (
      <div className="ph" data-testid="phone-locate">
        {header(1, 2)}
        <LocateStep meta={meta} categories={categories} items={items} areas={areas} onPick={(at, category) => setStep({ name: 'text', at, category })} />
      </div>
    );

  if (step.name === 'category')
    return (
      <div className="ph" data-testid="phone-category">
        {header(1, 2)}
        <h2 className="ph-h">{t(P.chooseCategory)}</h2>
        <CategoryPicker categories={categories} onPick={(category) => setStep({ name: 'text', at: step.at, category })} />
      </div>
    );

  if (step.name === 'text')
    return (
      <div className="ph" data-testid="phone-text">
        {header(2, 2)}
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

  if (step.name === 'sent') {
    const sent = log.find((e) => e.id === step.id)?.sent ?? false;
    return (
      <div className="ph ph-done" data-testid="phone-sent" data-sent={sent ? 'yes' : 'no'}>
        <p className="ph-done-icon" aria-hidden>
          {sent ? '✅' : '📱'}
        </p>
        <h2 className="ph-h">{sent ? t(P.sentTitle) : t(P.savedOffline)}</h2>
        <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="again" onClick={() => setStep({ name: 'home' })}>
          {t(P.home)}
        </button>
        <MyPosts items={mine} categories={categories} log={log} />
      </div>
    );
  }

  return (
    <div className="ph" data-testid="phone-home">
      <p className="ph-hello">{t(P.hello, { name: userName })}</p>
      {!canAdd && (
        <p className="ph-closed" data-testid="phase-closed">
          {t(P.notNow)}：{PHASE_INSTRUCTIONS[meta.phase][lang]}
        </p>
      )}
      <div className="ph-big">
        <button type="button" className="ph-bigbtn ph-bigbtn-pin" disabled={!canAdd} data-testid="pin-here" data-geo={geoAvailability} onClick={() => setStep({ name: 'locate' })}>
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
      <MyPosts items={mine} categories={categories} log={log} />
    </div>
  );
}

const xyOf = (s: { x: number; y: number }) => ({ x: s.x, y: s.y });
