import { participantKindLabel } from '../roles.js';
import { totalVotes } from '../model/item.js';
import { localLabel } from '../model/labels.js';
import { kindLabel } from './csvExport.js';
import { stageLabelsFor, type ExportLang } from './exportLabels.js';
import { selectItems, type ExportFilter } from './exportFilter.js';
import { areaNameOf, stageOf, type StageName, type WorkshopData } from './workshopData.js';

/** RFC 7946 types, only what the export writes. Positions are [longitude, latitude]. */
export interface PointFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: PinProperties;
}

export interface PinProperties {
  id: string;
  text: string;
  category: string;
  categoryLabel: string;
  kind: string;
  /** The kind by its label (課題, 地域資源, あったらいいな, 場所; Need, Resource, Wish, Place in English). */
  kindLabel: string;
  column: string;
  columnLabel: string;
  votes: number;
  authorRole: string;
  authorRoleLabel: string;
  area: string;
  address: string | null;
  phone: string | null;
  hours: string | null;
  sourceKey: string | null;
  /** A resource's stage: known (把握), missing (不足: a gap), created (創出); '' for needs and places. */
  stage: StageName;
  /** The stage by its label (把握, 不足, 創出; Known, Missing, Created in English); '' with no stage. */
  stageLabel: string;
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PinFeatureCollection {
  type: 'FeatureCollection';
  /** Foreign member (RFC 7946 §6.1): what the file is. */
  name: string;
  /** Foreign member: the language of the *Label properties ('ja' unless `?lang=en`). */
  lang: ExportLang;
  features: PointFeature[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Round to 7 decimals (~1 cm), as RFC 7946 §11.2 suggests, without losing the sample data's 6. */
const round7 = (n: number): number => Math.round(n * 1e7) / 1e7;

/**
 * The pins (items with lat/lng) of a workshop as a GeoJSON FeatureCollection. Ids (`category`,
 * `kind`, `column`, `authorRole`, `stage`) are kept as they are; each has a `…Label` beside it in
 * `lang` (Japanese unless 'en').
 */
export function buildGeoJson(data: WorkshopData, filter: ExportFilter = {}, lang: ExportLang = 'ja'): PinFeatureCollection {
  const colLabel = new Map(data.columns.map((c) => [c.id, localLabel('column', c, lang)]));
  const stageLabels = stageLabelsFor(lang);
  const features: PointFeature[] = [];
  for (const { item, category, restricted } of selectItems(data, filter)) {
    if (item.lat === undefined || item.lng === undefined) continue;
    const stage = stageOf(item, category?.kind);
    features.push({
      type: 'Feature',
      id: item.id,
      geometry: { type: 'Point', coordinates: [round7(item.lng), round7(item.lat)] },
      properties: {
        id: item.id,
        text: item.text,
        category: item.category,
        categoryLabel: category ? localLabel('category', category, lang) : item.category,
        kind: category?.kind ?? '',
        kindLabel: category ? kindLabel(category.kind, lang) : '',
        column: item.column,
        columnLabel: colLabel.get(item.column) ?? item.column,
        votes: totalVotes(item),
        authorRole: item.authorRole,
        authorRoleLabel: item.authorRole ? participantKindLabel(item.authorRole, lang) : '',
        area: areaNameOf(item, data.areas),
        address: item.address ?? null,
        phone: item.phone ?? null,
        hours: item.hours ?? null,
        sourceKey: item.sourceKey ?? null,
        stage,
        stageLabel: stageLabels[stage],
        restricted,
        createdAt: iso(item.createdAt),
        updatedAt: iso(item.updatedAt),
      },
    });
  }
  return { type: 'FeatureCollection', name: data.meta.title, lang, features };
}
