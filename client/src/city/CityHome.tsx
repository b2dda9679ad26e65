import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useT } from '../i18n/lang.js';
import { navigate } from '../router.js';
import { ApiError } from '../sync/api.js';
import { LangSwitch } from '../ui/LangSwitch.js';
import { orgApi, type OrgInfo } from './cityApi.js';
import { C } from './cityStrings.js';
import { CityMapTab } from './CityMapTab.js';
import { ExportTab } from './ExportTab.js';
import { LiftedTab } from './LiftedTab.js';
import { adoptOrgToken } from './orgToken.js';
import { SummaryTab } from './SummaryTab.js';
import { UnitsTab } from './UnitsTab.js';
import { WorkshopsTab } from './WorkshopsTab.js';
import './city.css';

export const TABS = ['workshops', 'units', 'map', 'summary', 'lifted', 'export'] as const;
export type Tab = (typeof TABS)[number];
const TAB_LABEL = { workshops: C.tabWorkshops, units: C.tabUnits, map: C.tabMap, summary: C.tabSummary, lifted: C.tabLifted, export: C.tabExport } as const;

/**
 * `/o/:org#token=…` (`?tab=`): the coordinator's home — every district's workshop of one
 * organisation, its areas, the city map, the summary, the lifted issues and the exports.
 * The token comes from the fragment and stays on this device (like a staff link).
 */
export function CityHome({ org, tab }: { org: string; tab: string | null }) {
  const t = useT();
  const [token] = useState(() => adoptOrgToken(org));
  const api = useMemo(() => (token ? orgApi(org, token) : null), [org, token]);
  const [info, setInfo] = useState<OrgInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'workshops';
  const reloadInfo = useCallback(() => {
    if (!api) return;
    api.info().then(setInfo, (e: unknown) => setError(e instanceof ApiError && (e.status === 401 || e.status === 403) ? t(C.badToken) : String((e as Error).message)));
  }, [api, t]);
  useEffect(reloadInfo, [reloadInfo]);
  useEffect(() => {
    document.title = info ? `${info.name} — ${t(C.title)}` : t(C.title);
  }, [info, t]);

  if (!api || !token) return <Shell title={t(C.title)}><p className="error" data-testid="city-error">{t(C.noToken)}</p></Shell>;
  if (error) return <Shell title={t(C.title)}><p className="error" data-testid="city-error">{error}</p></Shell>;

  // the tabs load their own data at once, beside the organisation's name (no round trip in between)
  const go = (next: Tab) => navigate(`/o/${encodeURIComponent(org)}${next === 'workshops' ? '' : `?tab=${next}`}`);
  return (
    <div className="city" data-testid="city-home" data-tab={current}>
      <header className="city-head">
        <div>
          <div className="city-kicker">{t(C.title)}</div>
          <h1 data-testid="org-name">{info?.name ?? '…'}</h1>
        </div>
        <LangSwitch />
      </header>
      <nav className="city-tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={k === current} className={k === current ? 'on' : ''} data-testid={`tab-${k}`} onClick={() => go(k)}>
            {t(TAB_LABEL[k])}
          </button>
        ))}
      </nav>
      <main className={`city-body city-body-${current}`} role="tabpanel">
        {current === 'workshops' && <WorkshopsTab api={api} org={org} onChange={reloadInfo} />}
        {current === 'units' && <UnitsTab api={api} onChange={reloadInfo} />}
        {current === 'map' && <CityMapTab api={api} org={org} />}
        {current === 'summary' && <SummaryTab api={api} org={org} />}
        {current === 'lifted' && info && <LiftedTab api={api} orgName={info.name} />}
        {current === 'export' && <ExportTab org={org} token={token} />}
      </main>
    </div>
  );
}

function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="page page-narrow">
      <header className="page-head">
        <h1>{title}</h1>
        <LangSwitch />
      </header>
      {children}
    </main>
  );
}
