import { participantKindLabel, safeColor } from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useLang, useT } from '../i18n/lang.js';
import type { PresenceUser } from '../sync/presence.js';
import type { Peer } from './usePresence.js';

/** Who is here, counted by role, and (off the projector) a menu to follow someone. */
export function PresenceBar({
  me,
  peers,
  chosen,
  onFollow,
  compact,
}: {
  me: PresenceUser;
  peers: readonly Peer[];
  chosen: string | null;
  onFollow(userId: string | null): void;
  compact?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const users = new Map<string, PresenceUser>();
  // the hall's screen (role projector) is not a person in the room: it is not counted
  if (me.role !== 'projector') users.set(me.id, me);
  for (const p of peers) if (p.state.user && p.state.user.role !== 'projector') users.set(p.state.user.id, p.state.user);
  const counts = new Map<string, number>();
  for (const u of users.values()) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
  const kindLabel = (k: string) => (k === 'facilitator' ? (lang === 'ja' ? '進行役' : 'Facilitator') : participantKindLabel(k, lang));
  return (
    <div className="presence" data-testid="presence" data-count={users.size}>
      <strong>{t(B2.here, { n: users.size })}</strong>
      <span className="presence-kinds">
        {[...counts].map(([k, n]) => (
          <span key={k} className="presence-kind" data-kind={k}>
            {kindLabel(k)} {n}
          </span>
        ))}
      </span>
      {!compact && (
        <details className="presence-list">
          <summary>👥</summary>
          <ul>
            {[...users.values()]
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <li key={u.id}>
                  <span className="dot" style={{ background: safeColor(u.color) }} /> {u.name}（{kindLabel(u.kind)}）
                  <button type="button" className="btn btn-small" data-testid={`follow-${u.id}`} onClick={() => onFollow(chosen === u.id ? null : u.id)}>
                    {chosen === u.id ? t(B2.unfollow) : t(B2.follow)}
                  </button>
                </li>
              ))}
          </ul>
        </details>
      )}
    </div>
  );
}
