import { S } from '../i18n/common.js';
import { useT } from '../i18n/lang.js';
import type { Connection } from '../sync/useWorkshop.js';

/** 接続中 / オフライン — 再接続します, always visible in the header. */
export function ConnectionStatus({ connection }: { connection: Connection }) {
  const t = useT();
  const label = connection === 'connected' ? t(S.online) : connection === 'connecting' ? t(S.connecting) : t(S.offline);
  return (
    <span className={`conn conn-${connection}`} role="status" aria-live="polite" data-testid="connection" data-state={connection}>
      <span className="conn-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
