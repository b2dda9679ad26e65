import * as Y from 'yjs';
import { newId } from '../ids.js';
import {
  CONNECTOR_ARROWS,
  CONNECTOR_STYLES,
  MAX_CONNECTOR_LABEL,
  readConnectors,
  visibleConnectors,
  type Connector,
  type ConnectorArrow,
  type ConnectorStyle,
} from '../model/connector.js';
import { readItems, type Item } from '../model/item.js';
import { connectorsMap, groupsMap, itemsMap, toYMap } from '../model/roots.js';
import { LOCAL } from '../origins.js';
import { FRAME_MIN, readGroups, type FrameRect, type Group } from './board.js';
import type { CommandOptions } from './items.js';

/**
 * 図式化 commands: connectors between notes and frames, and frames (groups with a rectangle).
 * Each runs in one transaction with the given origin (default `local`, which undo tracks).
 */
const nowOf = (o: CommandOptions) => o.now ?? Date.now();

/** Whether `id` is a note (item) or a frame (group) of the document. */
function endExists(doc: Y.Doc, id: string): boolean {
  return itemsMap(doc).get(id) instanceof Y.Map || groupsMap(doc).get(id) instanceof Y.Map;
}

export interface ConnectOptions extends CommandOptions {
  style?: ConnectorStyle;
  arrow?: ConnectorArrow;
  label?: string;
  authorId?: string;
}

/**
 * Draw a connector from one note or frame to another. Returns its id, or null when an end is
 * missing or both ends are the same (a self-link is refused; cycles are allowed).
 */
export function connect(doc: Y.Doc, from: string, to: string, opts: ConnectOptions = {}): string | null {
  if (from === to || !endExists(doc, from) || !endExists(doc, to)) return null;
  const id = 'c-' + newId(10);
  const now = nowOf(opts);
  doc.transact(() => {
    connectorsMap(doc).set(
      id,
      toYMap({
        id,
        from,
        to,
        style: opts.style ?? 'solid',
        arrow: opts.arrow ?? 'end',
        label: (opts.label ?? '').trim().slice(0, MAX_CONNECTOR_LABEL),
        createdAt: now,
        updatedAt: now,
        authorId: opts.authorId,
      }),
    );
  }, opts.origin ?? LOCAL);
  return id;
}

/** Change style, arrowheads or label of connectors (one undo step). */
export function restyleConnectors(
  doc: Y.Doc,
  ids: readonly string[],
  fields: { style?: ConnectorStyle; arrow?: ConnectorArrow; label?: string },
  opts: CommandOptions = {},
): void {
  if (fields.style !== undefined && !CONNECTOR_STYLES.includes(fields.style)) return;
  if (fields.arrow !== undefined && !CONNECTOR_ARROWS.includes(fields.arrow)) return;
  doc.transact(() => {
    for (const id of ids) {
      const m = connectorsMap(doc).get(id);
      if (!(m instanceof Y.Map)) continue;
      if (fields.style !== undefined) m.set('style', fields.style);
      if (fields.arrow !== undefined) m.set('arrow', fields.arrow);
      if (fields.label !== undefined) m.set('label', fields.label.trim().slice(0, MAX_CONNECTOR_LABEL));
      m.set('updatedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

/** Soft-delete connectors (a facilitator can restore them). */
export function deleteConnectors(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = connectorsMap(doc).get(id);
      if (m instanceof Y.Map && m.get('deletedAt') === undefined) m.set('deletedAt', nowOf(opts));
    }
  }, opts.origin ?? LOCAL);
}

export function restoreConnectors(doc: Y.Doc, ids: readonly string[], opts: CommandOptions = {}): void {
  doc.transact(() => {
    for (const id of ids) {
      const m = connectorsMap(doc).get(id);
      if (m instanceof Y.Map) m.delete('deletedAt');
    }
  }, opts.origin ?? LOCAL);
}

/** The connectors to draw now: live, with both ends live (notes not in the trash, frames). */
export function liveConnectors(doc: Y.Doc): Connector[] {
  const live = new Set<string>(readItems(doc).map((i) => i.id));
  for (const g of readGroups(doc)) live.add(g.id);
  return visibleConnectors(readConnectors(doc), live);
}

/** The relations as text for the summary and the phone's list: «坂道が多い → 買い物が大変». */
export function relationLines(doc: Y.Doc): string[] {
  return relationsOf(readItems(doc), readGroups(doc), readConnectors(doc));
}

/** relationLines from plain data (exports): connectors whose ends are live notes or frames. */
export function relationsOf(
  items: readonly Pick<Item, 'id' | 'text' | 'deletedAt'>[],
  groups: readonly Pick<Group, 'id' | 'name'>[],
  connectors: readonly Connector[],
): string[] {
  const names = new Map<string, string>();
  for (const i of items) if (i.deletedAt === undefined) names.set(i.id, i.text.replace(/\s+/g, ' ').trim() || '（空の付箋）');
  for (const g of groups) names.set(g.id, `［${g.name}］`);
  return visibleConnectors(connectors, new Set(names.keys())).map((c) => {
    const sign = c.arrow === 'both' ? '↔' : c.arrow === 'end' ? '→' : '—';
    return `${names.get(c.from)} ${sign} ${names.get(c.to)}${c.label ? `（${c.label}）` : ''}`;
  });
}

/** Move a frame and every note in it by (dx, dy), in one step. */
export function moveGroup(doc: Y.Doc, groupId: string, dx: number, dy: number, opts: CommandOptions = {}): void {
  const g = groupsMap(doc).get(groupId);
  if (!(g instanceof Y.Map)) return;
  doc.transact(() => {
    for (const k of ['x', 'y'] as const) {
      const v = g.get(k);
      if (typeof v === 'number') g.set(k, v + (k === 'x' ? dx : dy));
    }
    itemsMap(doc).forEach((m) => {
      if (!(m instanceof Y.Map) || m.get('groupId') !== groupId) return;
      const x = m.get('x');
      const y = m.get('y');
      if (typeof x === 'number') m.set('x', x + dx);
      if (typeof y === 'number') m.set('y', y + dy);
      m.set('updatedAt', nowOf(opts));
    });
  }, opts.origin ?? LOCAL);
}

/** Resize (or place) a frame; never smaller than FRAME_MIN. */
export function setFrameRect(doc: Y.Doc, groupId: string, rect: FrameRect, opts: CommandOptions = {}): void {
  const g = groupsMap(doc).get(groupId);
  if (!(g instanceof Y.Map)) return;
  doc.transact(() => {
    g.set('x', rect.x);
    g.set('y', rect.y);
    g.set('w', Math.max(FRAME_MIN.w, rect.w));
    g.set('h', Math.max(FRAME_MIN.h, rect.h));
  }, opts.origin ?? LOCAL);
}

export function setFrameColor(doc: Y.Doc, groupId: string, color: string, opts: CommandOptions = {}): void {
  const g = groupsMap(doc).get(groupId);
  if (g instanceof Y.Map && /^#[0-9a-fA-F]{6}$/.test(color)) doc.transact(() => g.set('color', color), opts.origin ?? LOCAL);
}
