import { useMemo } from 'react';
import { checkPrivacy, PRIVACY_MESSAGES, privacyMessageKeys } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { PV } from './privacyStrings.js';
import './privacy.css';

/**
 * The name / address / phone / e-mail warning (issue 17, the same `checkPrivacy` rules as the
 * phone) under the board's note editor, while the note is typed (the editor writes as you
 * type, so the warning shows at once and stays until the text is rewritten).
 */
export function EditorPrivacyWarning({ text, left, top }: { text: string; left: number; top: number }) {
  const { lang } = useLang();
  const t = useT();
  const report = useMemo(() => checkPrivacy(text), [text]);
  if (!report.warn && !report.suggestRestricted) return null;
  return (
    <div className="pv-editor-warning" role="alert" data-testid="privacy-warning" style={{ left, top }}>
      <strong>⚠️ {PRIVACY_MESSAGES.title[lang]}</strong>
      <ul>
        {privacyMessageKeys(report).map((k) => (
          <li key={k}>{PRIVACY_MESSAGES[k][lang]}</li>
        ))}
      </ul>
      <p className="pv-editor-held">📽 {t(PV.editorHeld)}</p>
    </div>
  );
}
