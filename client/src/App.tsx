import { S } from './i18n/common.js';
import { useT } from './i18n/lang.js';
import { matchPath, onLinkClick, useLocation } from './router.js';
import { BoardPage } from './pages/BoardPage.js';
import { HostPage } from './pages/HostPage.js';
import { JoinPage } from './pages/JoinPage.js';
import { StartPage } from './pages/StartPage.js';
import { exportRoute } from './export/exportRoutes.js';
import { cityRoute } from './city/cityRoutes.js';

/** Routes: `/`, `/join`, `/w/:id/host`, `/w/:id` (`?mode=projector`), `/o/:org…` (city/cityRoutes.tsx). */
export function App() {
  const loc = useLocation();
  const t = useT();
  if (loc.pathname === '/' || loc.pathname === '') return <StartPage />;
  if (loc.pathname === '/join') return <JoinPage initialCode={loc.search.get('code') ?? ''} />;
  const host = matchPath('/w/:id/host', loc.pathname);
  if (host) return <HostPage key={host.id} workshopId={host.id!} />;
  const city = cityRoute(loc);
  if (city) return city;
  const exported = exportRoute(loc);
  if (exported) return exported;
  const board = matchPath('/w/:id', loc.pathname);
  if (board) return <BoardPage key={board.id} workshopId={board.id!} projector={loc.search.get('mode') === 'projector'} pane={paneOf(loc.search.get('pane'))} />;
  return (
    <main className="page page-narrow">
      <h1>{t(S.notFound)}</h1>
      <a href="/" onClick={onLinkClick}>{t(S.toStart)}</a>
    </main>
  );
}

/** Projector panes: `?pane=board` (notes only, largest type), `?pane=map`, default both. */
function paneOf(v: string | null): 'board' | 'map' | 'both' {
  return v === 'board' || v === 'map' ? v : 'both';
}
