import * as Y from 'yjs';
import { connectorsMap } from './roots.js';

/**
 * A connector (図式化): a line between two notes, two frames, or a note and a frame, drawn as
 * seed workshops draw their diagrams on paper — solid, dotted or bold, with arrowheads for the
 * order of change — and an optional label. Stored as Y.Map in the root `connectors`
 * (id → Y.Map `{id, from, to, style, arrow, label?, createdAt, updatedAt, deletedAt?, authorId?}`);
 * `from`/`to` are the ids of items or of groups (frames). Deletes are soft, like notes'.
 *
 * A connector is shown only while both its ends are live: a note in the trash hides its
 * connectors, and restoring the note brings them back (nothing is deleted with it). A
 * connector from a thing to itself is refused; cycles (A → B → A) are allowed, as on paper.
 */
export const CONNECTOR_STYLES = ['solid', 'dotted', 'bold'] as const;
export type ConnectorStyle = (typeof CONNECTOR_STYLES)[number];
export const CONNECTOR_ARROWS = ['none', 'end', 'both'] as const;
export type ConnectorArrow = (typeof CONNECTOR_ARROWS)[number];
export const MAX_CONNECTOR_LABEL = 60;

export const CONNECTOR_STYLE_LABELS: Record<ConnectorStyle, { ja: string; en: string }> = {
  solid: { ja: '実線', en: 'Solid' },
  dotted: { ja: '点線', en: 'Dotted' },
  bold: { ja: '太線', en: 'Bold' },
};
export const CONNECTOR_ARROW_LABELS: Record<ConnectorArrow, { ja: string; en: string }> = {
  none: { ja: '矢印なし', en: 'No arrow' },
  end: { ja: '片矢印 →', en: 'Arrow →' },
  both: { ja: '両矢印 ↔', en: 'Both ↔' },
};

export interface Connector {
  id: string;
  from: string;
  to: string;
  style: ConnectorStyle;
  arrow: ConnectorArrow;
  label: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number | undefined;
  authorId?: string | undefined;
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export function readConnector(m: Y.Map<unknown>): Connector {
  const style = m.get('style');
  const arrow = m.get('arrow');
  const deletedAt = m.get('deletedAt');
  const authorId = m.get('authorId');
  return {
    id: String(m.get('id') ?? ''),
    from: String(m.get('from') ?? ''),
    to: String(m.get('to') ?? ''),
    style: (CONNECTOR_STYLES as readonly unknown[]).includes(style) ? (style as ConnectorStyle) : 'solid',
    arrow: (CONNECTOR_ARROWS as readonly unknown[]).includes(arrow) ? (arrow as ConnectorArrow) : 'end',
    label: typeof m.get('label') === 'string' ? (m.get('label') as string) : '',
    createdAt: num(m.get('createdAt')),
    updatedAt: num(m.get('updatedAt')),
    deletedAt: typeof deletedAt === 'number' ? deletedAt : undefined,
    authorId: typeof authorId === 'string' ? authorId : undefined,
  };
}

/** Every connector, deleted ones included, oldest first. */
export function readConnectors(doc: Y.Doc): Connector[] {
  const out: Connector[] = [];
  connectorsMap(doc).forEach((m) => {
    if (m instanceof Y.Map) out.push(readConnector(m));
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/**
 * The connectors to draw: not deleted, and both ends among `live` (the ids of live notes and
 * of frames). A missing or trashed end hides the connector; it never throws.
 */
export function visibleConnectors(connectors: readonly Connector[], live: ReadonlySet<string>): Connector[] {
  return connectors.filter((c) => c.deletedAt === undefined && c.from !== c.to && live.has(c.from) && live.has(c.to));
}
