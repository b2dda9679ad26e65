import { useState } from 'react';
import { checkPrivacy, PRIVACY_MESSAGES, privacyMessageKeys, safeColor, type Category, type PrivacyReport } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { ImeInput } from '../ui/ImeInput.js';
import { P } from './phoneStrings.js';
import { ConsultButton } from '../privacy/ConsultDialog.js';
import { PV } from '../privacy/privacyStrings.js';

/**
 * Write a short text and send. Before sending, the privacy check runs: a name, an address
 * with a house number or a phone number brings a warning (edit, or send anyway); sensitive
 * words bring the hint that staff can keep such things in the restricted layer.
 */
export interface TextStepProps {
  category: Category | undefined;
  draft: string;
  onDraft(text: string): void;
  maxLength: number;
  onSend(text: string): void;
  /** 「相談したい」 instead of a note (issue 17): offered beside the warning and under the field. */
  onConsult?(text: string): void;
}

export function TextStep({ category, draft, onDraft, maxLength, onSend, onConsult }: TextStepProps) {
  const t = useT();
  const { lang } = useLang();
  const [report, setReport] = useState<PrivacyReport | null>(null);
  const [empty, setEmpty] = useState(false);
  const length = [...draft].length;

  const trySend = () => {
    const text = draft.trim();
    if (!text) {
      setEmpty(true);
      return;
    }
    const r = checkPrivacy(text);
    if ((r.warn || r.suggestRestricted) && !report) {
      setReport(r);
      return;
    }
    onSend(text);
  };

  return (
    <div className="ph-text" data-testid="text-step">
      {category && (
        <p className="ph-chosen">
          <span className="ph-cat-icon" style={{ background: safeColor(category.color) }} aria-hidden>
            {category.icon}
          </span>
          {category.label}
        </p>
      )}
      <label className="ph-label" htmlFor="ph-text">
        {t(P.writeShort)}
      </label>
      <ImeInput
        id="ph-text"
        className="ph-textarea"
        data-testid="note-text"
        multiline
        rows={3}
        maxLength={maxLength}
        value={draft}
        placeholder={t(P.placeholder)}
        aria-describedby="ph-text-count"
        aria-invalid={empty || undefined}
        onChange={(v) => {
          onDraft(v);
          setReport(null);
          setEmpty(false);
        }}
        onCommit={trySend}
      />
      <p id="ph-text-count" className={`ph-count${length >= maxLength ? ' ph-count-full' : ''}`} data-testid="note-count" aria-live="polite">
        {length >= maxLength ? t(P.textFull, { max: maxLength }) : t(P.textCount, { n: length, max: maxLength })}
      </p>
      {empty && (
        <p className="ph-error" role="alert" data-testid="note-empty">
          {t(P.textEmpty)}
        </p>
      )}
      {report && (
        <div className="ph-privacy" role="alert" data-testid="privacy-warning">
          <strong>⚠️ {PRIVACY_MESSAGES.title[lang]}</strong>
          <ul>
            {privacyMessageKeys(report).map((k) => (
              <li key={k}>{PRIVACY_MESSAGES[k][lang]}</li>
            ))}
          </ul>
          {report.suggestRestricted && <p>{t(P.staffOnlyHint)}</p>}
          {report.suggestRestricted && <p data-testid="privacy-held-note">{t(PV.heldIfSent)}</p>}
          {report.suggestRestricted && onConsult && (
            <button type="button" className="btn btn-big btn-primary btn-wide" data-testid="privacy-consult" onClick={() => onConsult(draft.trim())}>
              🤝 {t(PV.consultInstead)}
            </button>
          )}
          <div className="ph-row">
            <button type="button" className="btn btn-big" onClick={() => setReport(null)} data-testid="privacy-fix">
              {t(P.fixIt)}
            </button>
            <button type="button" className="btn btn-big" onClick={() => onSend(draft.trim())} data-testid="privacy-send-anyway">
              {t(P.sendAnyway)}
            </button>
          </div>
        </div>
      )}
      {!report && (
        <button type="button" className="btn btn-primary btn-big btn-wide ph-send" data-testid="send" onClick={trySend}>
          {t(P.send)}
        </button>
      )}
      {!report && onConsult && <ConsultButton compact onClick={() => onConsult(draft.trim())} />}
    </div>
  );
}
