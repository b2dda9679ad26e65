import type { ExportPanelProps } from '../slots.js';
import { DownloadSection } from './DownloadSection.js';
import { ImportSection } from './ImportSection.js';
import { RestoreSection } from './RestoreSection.js';
import './export.css';
import { ConsentCheckLive } from '../privacy/ConsentCheckLive.js';

/** Everything the coordinator takes home, and open-data import: the facilitator/staff panel (slot). */
export default function ExportPanel({ workshopId, token, role, doc }: ExportPanelProps) {
  return (
    <div className="export-panel" data-testid="export-panel">
      <ConsentCheckLive doc={doc} />
      <DownloadSection workshopId={workshopId} token={token} role={role} />
      <ImportSection workshopId={workshopId} token={token} doc={doc} />
      <RestoreSection />
    </div>
  );
}
