import { canExport, type Role } from '@tsunagu/shared';
import { useT } from '../i18n/lang.js';
import { onLinkClick } from '../router.js';
import { E } from './strings.js';

/** The button that opens the export/import page; shown to facilitator and staff only. */
export function ExportLink({ workshopId, role, className = 'btn' }: { workshopId: string; role: Role | undefined; className?: string }) {
  const t = useT();
  if (!role || !canExport(role)) return null;
  return (
    <a className={className} href={`/w/${workshopId}/export`} onClick={onLinkClick} data-testid="open-export">
      {t(E.openPanel)}
    </a>
  );
}
