import type { Category, Item } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { P } from './phoneStrings.js';
import type { SentEntry } from './sentLog.js';
import { safeColor } from '@tsunagu/shared';

/** What this person wrote, newest first, each with 送信済み / 未送信. */
export function MyPosts({ items, categories, log }: { items: readonly Item[]; categories: readonly Category[]; log: readonly SentEntry[] }) {
  const t = useT();
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
                <small>{i.lat !== undefined ? t(P.pinLabel) : t(P.noteLabel)} {cat?.label}</small>
                {i.text || '—'}
              </span>
              <span className={`ph-status ${sent ? 'ok' : 'wait'}`} data-testid="send-status">
                {sent ? `✓ ${t(P.sent)}` : `⏳ ${t(P.pending)}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
