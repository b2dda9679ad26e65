import { useEffect, useState } from 'react';
import { MAX_CONSULT_CONTACT, MAX_CONSULT_TEXT } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { sendConsultation } from '../sync/privacyApi.js';
import { ImeInput } from '../ui/ImeInput.js';
import { PV } from './privacyStrings.js';
import './privacy.css';

/**
 * 「相談したい」 on a phone (issue 17): what, and optionally how to be reached (a phone number is
 * allowed here, and only here). It goes to staff only (POST …/consult → the restricted
 * `consultations`); afterwards the phone shows the 窓口's contact details the facilitator set.
 * A failed send keeps the text and says so.
 */
export function ConsultDialog({ workshopId, initialText = '', onClose }: { workshopId: string; initialText?: string; onClose(): void }) {
  const t = useT();
  const [text, setText] = useState(initialText);
  const [contact, setContact] = useState('');
  const [state, setState] = useState<{ name: 'edit' | 'sending' | 'failed' | 'empty' } | { name: 'sent'; desk: string }>({ name: 'edit' });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && state.name !== 'sending' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, state.name]);

  const send = () => {
    if (!text.trim()) {
      setState({ name: 'empty' });
      return;
    }
    setState({ name: 'sending' });
    sendConsultation(workshopId, text.trim(), contact.trim()).then(
      (r) => setState({ name: 'sent', desk: r.desk }),
      () => setState({ name: 'failed' }),
    );
  };

  return (
    <div className="pv-dialog-back" role="presentation">
      <div className="pv-dialog" role="dialog" aria-modal="true" aria-labelledby="pv-consult-title" data-testid="consult-dialog">
        {state.name === 'sent' ? (
          <div data-testid="consult-sent">
            <p className="pv-sent-icon" aria-hidden>
              ✅
            </p>
            <h2 id="pv-consult-title" className="pv-h">
              {t(PV.consultSent)}
            </h2>
            <section className="pv-desk" data-testid="consult-desk">
              <h3>📞 {t(PV.consultDeskTitle)}</h3>
              <p>{state.desk.trim() || t(PV.consultNoDesk)}</p>
            </section>
            <button type="button" className="btn btn-primary btn-big btn-wide" data-testid="consult-close" onClick={onClose}>
              {t(PV.consultClose)}
            </button>
          </div>
        ) : (
          <>
            <h2 id="pv-consult-title" className="pv-h">
              🤝 {t(PV.consultTitle)}
            </h2>
            <p className="pv-private">🔒 {t(PV.consultPrivate)}</p>
            <label className="pv-label" htmlFor="pv-consult-text">
              {t(PV.consultText)}
            </label>
            <ImeInput
              id="pv-consult-text"
              className="pv-textarea"
              data-testid="consult-text"
              multiline
              rows={4}
              maxLength={MAX_CONSULT_TEXT}
              value={text}
              aria-invalid={state.name === 'empty' || undefined}
              onChange={(v) => {
                setText(v);
                if (state.name === 'empty') setState({ name: 'edit' });
              }}
              onCommit={() => {}}
            />
            <label className="pv-label" htmlFor="pv-consult-contact">
              {t(PV.consultContact)}
            </label>
            <ImeInput
              id="pv-consult-contact"
              className="pv-input"
              data-testid="consult-contact"
              inputMode="tel"
              autoComplete="tel"
              maxLength={MAX_CONSULT_CONTACT}
              value={contact}
              onChange={setContact}
              onCommit={() => {}}
            />
            <p className="pv-hint">{t(PV.consultContactHint)}</p>
            {state.name === 'empty' && (
              <p className="ph-error" role="alert" data-testid="consult-empty">
                {t(PV.consultEmpty)}
              </p>
            )}
            {state.name === 'failed' && (
              <p className="ph-error" role="alert" data-testid="consult-failed">
                {t(PV.consultFailed)}
              </p>
            )}
            <div className="pv-row">
              <button type="button" className="btn btn-big" data-testid="consult-cancel" disabled={state.name === 'sending'} onClick={onClose}>
                {t(PV.consultCancel)}
              </button>
              <button type="button" className="btn btn-primary btn-big" data-testid="consult-send" disabled={state.name === 'sending'} onClick={send}>
                {state.name === 'sending' ? t(PV.consultSending) : t(PV.consultSend)}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/** The big 「相談したい」 button of the phone. */
export function ConsultButton({ onClick, compact = false }: { onClick(): void; compact?: boolean }) {
  const t = useT();
  return (
    <button type="button" className={`pv-consult-btn${compact ? ' pv-consult-compact' : ''}`} data-testid="consult-open" onClick={onClick}>
      <span aria-hidden>🤝</span>
      <span className="pv-consult-label">{t(PV.consult)}</span>
      {!compact && <small>{t(PV.consultSub)}</small>}
    </button>
  );
}

/** 「相談したい」 in the board's header, for a participant on a laptop or tablet. */
export function ConsultHeaderButton({ workshopId }: { workshopId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn pv-consult-head" data-testid="consult-open" onClick={() => setOpen(true)}>
        🤝 {t(PV.consult)}
      </button>
      {open && <ConsultDialog workshopId={workshopId} onClose={() => setOpen(false)} />}
    </>
  );
}
