import * as Y from 'yjs';
import {
  readCategories,
  readColumns,
  readItems,
  readMeta,
  syncRoomName,
  type TxOrigin,
} from '@tsunagu/shared';
import type { Store, VersionRecord } from '../store/store.js';
import type { RoomManager } from '../sync/roomManager.js';
import { applyVersion } from './applyVersion.js';

/**
 * Named versions of a workshop. A version is a V2 snapshot of the public document, saved
 * together with one of the restricted document under the same name and time (two rows in
 * `versions`, linked by name + createdAt). Lists and previews show the public document only.
 */
export const RESTORE_ORIGIN: TxOrigin = Object.freeze({ kind: 'import', detail: 'restore-version' });
export const BEFORE_RESTORE_NAME = '復元前';

export interface HistoryDeps {
  store: Store;
  rooms: RoomManager;
}

export type VersionInfo = Omit<VersionRecord, 'docName'>;

const info = ({ docName: _d, ...rest }: VersionRecord): VersionInfo => rest;

export const liveItemCount = (doc: Y.Doc): number => readItems(doc).length;

/** Save a version of both documents from their live state. */
export async function saveVersion(deps: HistoryDeps, workshopId: string, name: string, auto: boolean, at = Date.now()): Promise<VersionInfo> {
  const pub = await deps.rooms.open(workshopId);
  const restricted = await deps.rooms.open(workshopId, { restricted: true });
  try {
    return saveVersionOf(deps.store, workshopId, pub.doc, restricted.doc, name, auto, at);
  } finally {
    restricted.release();
    pub.release();
  }
}

/** Save from documents already in hand (the automatic saver calls this inside an update). */
export function saveVersionOf(store: Store, workshopId: string, pub: Y.Doc, restricted: Y.Doc | null, name: string, auto: boolean, at: number): VersionInfo {
  const itemCount = liveItemCount(pub);
  const id = store.saveVersion(syncRoomName(workshopId), name, Y.encodeStateAsUpdateV2(pub), { auto, itemCount, at });
  const staffDoc = restricted ?? storedDoc(store, syncRoomName(workshopId, true));
  try {
    store.saveVersion(syncRoomName(workshopId, true), name, Y.encodeStateAsUpdateV2(staffDoc), { auto, itemCount: liveItemCount(staffDoc), at });
  } finally {
    if (!restricted) staffDoc.destroy();
  }
  return { id, name, createdAt: at, auto, itemCount };
}

/** A document rebuilt from storage (for a restricted document nobody has open). */
function storedDoc(store: Store, docName: string): Y.Doc {
  const doc = new Y.Doc();
  const stored = store.loadDoc(docName);
  if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

export function listVersions(store: Store, workshopId: string): VersionInfo[] {
  return store.listVersions(syncRoomName(workshopId)).map(info);
}

function versionDoc(store: Store, docName: string, id: number): { record: VersionRecord; doc: Y.Doc } | undefined {
  const v = store.getVersion(docName, id);
  if (!v) return undefined;
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdateV2(doc, v.snapshot);
  const { snapshot: _s, ...record } = v;
  return { record, doc };
}

/** A read-only preview of a version's public content. */
export function previewVersion(store: Store, workshopId: string, id: number) {
  const v = versionDoc(store, syncRoomName(workshopId), id);
  if (!v) return undefined;
  try {
    return {
      ...info(v.record),
      meta: readMeta(v.doc),
      columns: readColumns(v.doc),
      categories: readCategories(v.doc).filter((c) => !c.restricted),
      items: readItems(v.doc),
    };
  } finally {
    v.doc.destroy();
  }
}

/**
 * Restore a version as a new change on top. Saves 「復元前」 first, so the restore itself can
 * be undone by restoring that version.
 */
export async function restoreVersion(deps: HistoryDeps, workshopId: string, id: number, now = Date.now()) {
  const target = versionDoc(deps.store, syncRoomName(workshopId), id);
  if (!target) return undefined;
  const staffRecord = deps.store
    .listVersions(syncRoomName(workshopId, true))
    .find((r) => r.createdAt === target.record.createdAt && r.name === target.record.name);
  const staffTarget = staffRecord ? versionDoc(deps.store, syncRoomName(workshopId, true), staffRecord.id) : undefined;
  const pub = await deps.rooms.open(workshopId);
  const restricted = await deps.rooms.open(workshopId, { restricted: true });
  try {
    const before = saveVersionOf(deps.store, workshopId, pub.doc, restricted.doc, BEFORE_RESTORE_NAME, true, now);
    const changes = applyVersion(pub.doc, target.doc, RESTORE_ORIGIN, now);
    if (staffTarget) applyVersion(restricted.doc, staffTarget.doc, RESTORE_ORIGIN, now);
    for (const h of [pub, restricted]) {
      try {
        h.room.persistence.flush();
      } catch {
        // kept in memory; the persistence layer retries
      }
    }
    return { restored: info(target.record), before, changes, itemCount: liveItemCount(pub.doc) };
  } finally {
    target.doc.destroy();
    staffTarget?.doc.destroy();
    restricted.release();
    pub.release();
  }
}
