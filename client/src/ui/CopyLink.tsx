import { useState } from 'react';
import { S } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';

/** A link to hand out: read-only field (selects on focus) and a copy button. */
export function CopyLink({ label, url, testId, warning, note }: { label: string; url: string; testId: string; warning?: string; note?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-link">
      <div className="copy-label">{label}</div>
      {warning && <p className="warn">{warning}</p>}
      {note && <p className="muted">{note}</p>}
      <div className="copy-row">
        <input readOnly value={url} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="btn"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? t(S.copied) : t(S.copy)}
        </button>
      </div>
    </div>
  );
}
