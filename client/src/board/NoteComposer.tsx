import { useState } from 'react';
import type * as Y from 'yjs';
import { addItem, checkPrivacy, DEFAULT_CATEGORY_ID, PRIVACY_MESSAGES, privacyMessageKeys, type PrivacyReport } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { B } from '../i18n/board.js';
import type { PresenceUser } from '../sync/presence.js';
import { ImeInput } from '../ui/ImeInput.js';
import { PV } from '../privacy/privacyStrings.js';

/**
 * A one-line composer: type a note and press Enter (never during IME composition) or the
 * button. New notes land in the 出てきた課題 lane at `at()` (board coordinates).
 */
export function NoteComposer({
  doc,
  user,
  at,
  category = DEFAULT_CATEGORY_ID,
  onAdded,
  onConsult,
}: {
  doc: Y.Doc;
  user: PresenceUser;
  at?: () => { x: number; y: number };
  category?: string;
  onAdded?: (id: string) => void;
  /** 「相談したい」 instead (issue 17, phones): offered when the text holds a sensitive word. */
  onConsult?: (text: string) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const [text, setText] = useState('');
  // The same privacy check as the phone's step flow (issue 17): warn once, send on a second tap.
  const [report, setReport] = useState<PrivacyReport | null>(null);
  const commit = (value: string, force = false) => {
    const v = value.trim();
    if (!v) return;
    const r = checkPrivacy(v);
    if (!force && (r.warn || r.suggestRestricted)) {
      setReport(r);
      return;
    }
    setReport(null);
    const pos = at?.() ?? { x: 40 + Math.random() * 200, y: 120 + Math.random() * 300 };
    const id = addItem(doc, {
      text: v.slice(0, 500),
      category,
      x: pos.x,
      y: pos.y,
      authorName: user.name,
      authorRole: user.kind,
      authorId: user.id,
    });
    setText('');
    onAdded?.(id);
  };
  return (
    <div className="composer">
      <ImeInput
        className="composer-input"
        data-testid="note-input"
        value={text}
        maxLength={500}
        placeholder={t(B.composerPlaceholder)}
        aria-label={t(B.composerPlaceholder)}
        onChange={(v) => {
          setText(v);
          setReport(null);
        }}
        onCommit={commit}
      />
      <button type="button" className="btn btn-primary" data-testid="note-add" onClick={() => commit(text)} disabled={!text.trim()}>
        {t(B.add)}
      </button>
      {report && (
        <div className="ph-privacy" role="alert" data-testid="privacy-warning">
          <strong>⚠️ {PRIVACY_MESSAGES.title[lang]}</strong>
          <ul>
            {privacyMessageKeys(report).map((k) => (
              <li key={k}>{PRIVACY_MESSAGES[k][lang]}</li>
            ))}
          </ul>
          {report.suggestRestricted && <p data-testid="privacy-held-note">{t(PV.heldIfSent)}</p>}
          {report.suggestRestricted && onConsult && (
            <button type="button" className="btn btn-primary" data-testid="privacy-consult" onClick={() => onConsult(text.trim())}>
              🤝 {t(PV.consultInstead)}
            </button>
          )}
          <button type="button" className="btn" data-testid="privacy-send-anyway" onClick={() => commit(text, true)}>
            {lang === 'ja' ? 'このまま送る' : 'Send anyway'}
          </button>
        </div>
      )}
    </div>
  );
}
