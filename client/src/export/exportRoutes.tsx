import { lazy, Suspense, type ReactNode } from 'react';
import { matchPath, type Loc } from '../router.js';

/**
 * The export feature's pages, matched here so the shell needs one line:
 *   /w/:id/export               export/import panel (facilitator, staff)
 *   /w/:id/print?paper=A3|A4    printed resource map (also rendered to PDF by the server)
 *   /w/:id/print/board          board image (rendered to PNG by the server)
 *   /w/:id/print/diagram?paper= the 図式化 diagram on one landscape sheet
 *   /w/:id/summary              summary page
 *   /w/:id/report               成果把握 report of the series (A4; rendered to PDF by the server)
 * Pages load lazily so Leaflet and the print CSS stay out of the phone's first download.
 */
const ExportPage = lazy(() => import('./ExportPage.js').then((m) => ({ default: m.ExportPage })));
const PrintPage = lazy(() => import('./PrintPage.js').then((m) => ({ default: m.PrintPage })));
const BoardImagePage = lazy(() => import('./BoardImagePage.js').then((m) => ({ default: m.BoardImagePage })));
const DiagramPrintPage = lazy(() => import('./DiagramPrintPage.js').then((m) => ({ default: m.DiagramPrintPage })));
const ReportPage = lazy(() => import('./ReportPage.js').then((m) => ({ default: m.ReportPage })));
const SummaryPage = lazy(() => import('./SummaryPage.js').then((m) => ({ default: m.SummaryPage })));

export function exportRoute(loc: Loc): ReactNode | null {
  const wrap = (node: ReactNode) => <Suspense fallback={<p>…</p>}>{node}</Suspense>;
  let m = matchPath('/w/:id/export', loc.pathname);
  if (m) return wrap(<ExportPage key={m.id} workshopId={m.id!} />);
  m = matchPath('/w/:id/print', loc.pathname);
  if (m) {
    const paper = loc.search.get('paper')?.toUpperCase() === 'A4' ? 'A4' : 'A3';
    return wrap(<PrintPage key={m.id} workshopId={m.id!} paper={paper} kind={loc.search.get('kind') ?? ''} />);
  }
  m = matchPath('/w/:id/print/board', loc.pathname);
  if (m) return wrap(<BoardImagePage key={m.id} workshopId={m.id!} />);
  m = matchPath('/w/:id/print/diagram', loc.pathname);
  if (m) return wrap(<DiagramPrintPage key={m.id} workshopId={m.id!} paper={loc.search.get('paper')?.toUpperCase() === 'A4' ? 'A4' : 'A3'} />);
  m = matchPath('/w/:id/report', loc.pathname);
  if (m) return wrap(<ReportPage key={m.id} workshopId={m.id!} />);
  m = matchPath('/w/:id/summary', loc.pathname);
  if (m) return wrap(<SummaryPage key={m.id} workshopId={m.id!} />);
  return null;
}
