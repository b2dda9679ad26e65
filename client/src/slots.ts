import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@tsunagu/shared';

/**
 * Slots other features plug into the shell. Each is loaded lazily *if its file exists*
 * (import.meta.glob yields nothing for a missing file), so the shell builds before the
 * feature lands and picks it up afterwards without an edit here.
 */
export type PaneMode = 'board' | 'projector' | 'phone';

/** The id of the projector header's element where the board shows who is here (BoardPage → BoardWorkspace). */
export const PROJECTOR_PRESENCE_SLOT = 'projector-presence';

export interface MapPaneProps {
  doc: Y.Doc;
  restrictedDoc: Y.Doc | null;
  awareness: Awareness;
  role: Role;
  mode: PaneMode;
  /** For 「この地区の地図を保存」 (facilitator/staff); optional so other hosts of the map need not pass them. */
  workshopId?: string;
  token?: string;
}

export interface PhoneHomeProps extends MapPaneProps {
  workshopId: string;
  userName: string;
  userKind: string;
  userId: string;
  /** Switch the phone page to a tab ('board' notes list or 'map'). */
  onShowTab?: (tab: 'board' | 'map') => void;
  /** The stored copy of this workshop holds rewritten-away history: start it over (WorkshopSession.discardLocal). */
  discardLocal?: boolean | undefined;
  /** The first sync with the server is done (the home screen then prefetches the locate step). */
  synced?: boolean | undefined;
}

export interface ExportPanelProps {
  workshopId: string;
  token: string;
  role: Role;
  doc: Y.Doc;
  restrictedDoc: Y.Doc | null;
}

type Loader = () => Promise<unknown>;

function optionalLazy<P>(modules: Record<string, Loader>): LazyExoticComponent<ComponentType<P>> | null {
  const loader = Object.values(modules)[0];
  return loader ? lazy(loader as () => Promise<{ default: ComponentType<P> }>) : null;
}

export const MapPane = optionalLazy<MapPaneProps>(import.meta.glob('./map/MapPane.tsx'));
export const PhoneHome = optionalLazy<PhoneHomeProps>(import.meta.glob('./phone/PhoneHome.tsx'));
export const ExportPanel = optionalLazy<ExportPanelProps>(import.meta.glob('./export/ExportPanel.tsx'));
