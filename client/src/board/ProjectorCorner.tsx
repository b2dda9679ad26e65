import { useT } from '../i18n/lang.js';
import { B } from '../i18n/board.js';
import type { WorkshopInfo } from '../sync/api.js';
import { useJoinUrl } from '../sync/useJoinInfo.js';
import { QrCode } from '../ui/QrCode.js';
import { formatCode } from '../ui/formatCode.js';

/** Projector mode: QR code and join code in a corner, readable from the back of the hall. */
export function ProjectorCorner({ info }: { info: WorkshopInfo }) {
  const t = useT();
  const join = useJoinUrl(info);
  if (!join) return null;
  return (
    <aside className="projector-corner" data-testid="projector-corner">
      <QrCode text={join.url} size={170} label={t(B.joinAt)} />
      <div>
        <div className="pc-label">{t(B.joinAt)}</div>
        <div className="pc-code" data-testid="projector-code">{formatCode(join.code)}</div>
      </div>
    </aside>
  );
}
