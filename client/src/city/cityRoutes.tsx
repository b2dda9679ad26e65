import { lazy, Suspense, type ReactNode } from 'react';
import { matchPath, type Loc } from '../router.js';
import { prefetchCity } from './cityApi.js';
import { adoptOrgToken } from './orgToken.js';

/**
 * The coordinator's pages (issue 14), matched here so the shell needs one line:
 *   /o/:org                      coordinator home (`?tab=workshops|units|map|summary|lifted|export`)
 *   /o/:org/city/print?paper=    the city resource map print (A3 | A1; rendered to city.pdf)
 *   /o/:org/city/summary         the printable city summary
 * Lazy, so Leaflet and these screens stay out of the phone's first download.
 */
const CityHome = lazy(() => import('./CityHome.js').then((m) => ({ default: m.CityHome })));
const CityPrintPage = lazy(() => import('./CityPrintPage.js').then((m) => ({ default: m.CityPrintPage })));
const CitySummaryPage = lazy(() => import('./CitySummaryPage.js').then((m) => ({ default: m.CitySummaryPage })));

export function cityRoute(loc: Loc): ReactNode | null {
  const wrap = (node: ReactNode) => <Suspense fallback={<p>…</p>}>{node}</Suspense>;
  let m = matchPath('/o/:org', loc.pathname);
  if (m) {
    // the city map's data is the slow part: ask for it while the page's code loads
    const token = loc.search.get('tab') === 'map' ? adoptOrgToken(m.org!) : null;
    if (token) prefetchCity(m.org!, token);
    return wrap(<CityHome key={m.org} org={m.org!} tab={loc.search.get('tab')} />);
  }
  m = matchPath('/o/:org/city/print', loc.pathname);
  if (m) return wrap(<CityPrintPage key={m.org} org={m.org!} paper={loc.search.get('paper')?.toUpperCase() === 'A1' ? 'A1' : 'A3'} />);
  m = matchPath('/o/:org/city/summary', loc.pathname);
  if (m) return wrap(<CitySummaryPage key={m.org} org={m.org!} />);
  return null;
}
