import { useState } from 'react';
import type { Category, Item } from '@tsunagu/shared';
import { useLang, useT } from '../i18n/lang.js';
import { P } from './phoneStrings.js';
import type { SentEntry } from './sentLog.js';
import { localLabel, safeColor } from '@tsunagu/shared';

/**
 * What this person wrote, newest first, each with 送信済み / 未送信. The list only ever holds
 * her own notes (the caller filters by authorId), so 「直す」 and 「取り消す」 are offered for
 * her own only; the server refuses the same on anyone else's. Withdrawing asks first.
 */
export interface MyPostsProps {
  items: readonly Item[];
  categories: readonly Category[];
  log: readonly SentEntry[];
  /** The phase lets participants edit: 「直す」 and 「取り消す」 are offered. */
  canEdit?: boolean;
  onEdit?(id: string): void;
  onWithdraw?(id: string): void;
}

export function MyPosts({ items, categories, log, canEdit = false, onEdit, onWithdraw }: MyPostsProps) {
  const t = useT();
  const { lang } = useLang();
  const [asking, setAsking] = useState<string | null>(null);
  if (items.length === 0) return null;
  const status = new Map(log.map((e) => [e.id, e.sent]));
  const anyPending = items.some((i) => status.get(i.id) === false);
  return (
    <section className="ph-posts" data-testid="my-posts">
      <h2>{t(P.myPosts)}</h2>
      {anyPending && <p className="ph-pending-help">{t(P.pendingHelp)}</p>}
      <ul>
        {[...items].reverse().map((i) => {
          const cat = categories.find((c) => c.id === i.category);
          const sent = status.get(i.id) !== false;
          return (
            <li key={i.id} className="ph-post" data-testid="my-post" data-item-id={i.id} data-sent={sent ? 'yes' : 'no'}>
              <span className="ph-cat-icon small" style={{ background: safeColor(cat?.color, '#bbbbbb') }} aria-hidden>
                {cat?.icon}
              </span>
              <span className="ph-post-text">
                <small>{i.lat !== undefined ? t(P.pinLabel) : t(P.noteLabel)} {cat ? localLabel('category', cat, lang) : ''}</small>
                {i.text || '—'}
              </span>
              <span className={`ph-status ${sent ? 'ok' : 'wait'}`} data-testid="send-status">
                {sent ? `✓ ${t(P.sent)}` : `⏳ ${t(P.pending)}`}
              </span>
              {canEdit && onEdit && onWithdraw && asking !== i.id && (
                <span className="ph-post-actions">
                  <button type="button" className="btn" data-testid="post-edit" onClick={() => onEdit(i.id)}>
                    ✏️ {t(P.edit)}
                  </button>
                  <button type="button" className="btn" data-testid="post-withdraw" onClick={() => setAsking(i.id)}>
                    🗑 {t(P.withdraw)}
                  </button>
                </span>
              )}
              {asking === i.id && onWithdraw && (
                <span className="ph-post-ask" role="alert" data-testid="withdraw-ask" ref={(el) => el?.scrollIntoView?.({ block: 'nearest' })}>
                  <strong>{t(P.withdrawAsk)}</strong>
                  <span className="ph-post-actions">
                    <button type="button" className="btn" data-testid="withdraw-no" onClick={() => setAsking(null)}>
                      {t(P.cancel)}
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger"
                      data-testid="withdraw-yes"
                      onClick={() => {
                        setAsking(null);
                        onWithdraw(i.id);
                      }}
                    >
                      {t(P.withdrawYes)}
                    </button>
                  </span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
