import type { CityResource } from './mergeResources.js';

/**
 * The city view's answer (`GET /api/orgs/:org/city`, docs/PROTOCOL.md «Organisations and the
 * city»): what the server builds from the digests and the coordinator's screens read. `U` is
 * how a unit is described (the server's stored view, the client's typed one).
 */
export interface CityData<U> {
  org: { id: string; name: string };
  units: U[];
  workshops: { id: string; title: string; unitId: string | null; district: string }[];
  pins: CityPin[];
  resources: CityResource[];
  lifted: LiftedIssue[];
  categories: CityCategory[];
}

/** One public pin of the city map. */
export interface CityPin {
  workshopId: string;
  unitId: string | null;
  itemId: string;
  kind: string;
  category: string;
  categoryLabel: string;
  text: string;
  lat: number;
  lng: number;
  areaName?: string;
}

/** An issue a district's facilitator marked 「市へ上げる」. */
export interface LiftedIssue {
  workshopId: string;
  unitId: string | null;
  district: string;
  itemId: string;
  text: string;
  category: string;
  lane: string;
  laneLabel: string;
  votes: number;
  liftedAt: number;
}

export interface CityCategory {
  id: string;
  label: string;
  color: string;
  kind: string;
}
