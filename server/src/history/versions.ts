import * as Y from 'yjs';
import {
  readCategories,
  readColumns,
  readItems,
  readMeta,
  syncRoomName,
  type TxOrigin,
} from '@tsunagu/shared';
import type { AsyncStore } from '../store/asyncStore.js';
import type { VersionRecord } from '../store/store.js';
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
  store: AsyncStore;
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
    return await saveVersionOf(deps.store, workshopId, pub.doc, restricted.doc, name, auto, at);
  } finally {
    restricted.release();
    pub.release();
  }
}

/**
 * Save from documents already in hand (the automatic saver calls this inside an update): both
 * states are encoded at once, before the first await, so the version is the state of this moment.
 */
export async function saveVersionOf(store: AsyncStore, workshopId: string, pub: Y.Doc, restricted: Y.Doc | null, name: string, auto: boolean, at: number): Promise<VersionInfo> {
  const itemCount = liveItemCount(pub);
  const pubState = Y.encodeStateAsUpdateV2(pub);
  const staff = restricted ? { state: Y.encodeStateAsUpdateV2(restricted), itemCount: liveItemCount(restricted) } : null;
  const id = await store.saveVersion(syncRoomName(workshopId), name, pubState, { auto, itemCount, at });
  if (staff) await store.saveVersion(syncRoomName(workshopId, true), name, staff.state, { auto, itemCount: staff.itemCount, at });
  else {
    const staffDoc = await storedDoc(store, syncRoomName(workshopId, true));
    try {
      await store.saveVersion(syncRoomName(workshopId, true), name, Y.encodeStateAsUpdateV2(staffDoc), { auto, itemCount: liveItemCount(staffDoc), at });
    } finally {
      staffDoc.destroy();
    }
  }
  return { id, name, createdAt: at, auto, itemCount };
}

/** A document rebuilt from storage (for a restricted document nobody has open). */
async function storedDoc(store: AsyncStore, docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const stored = await store.loadDoc(docName);
  if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

export async function listVersions(store: AsyncStore, workshopId: string): Promise<VersionInfo[]> {
  return (await store.listVersions(syncRoomName(workshopId))).map(info);
}

async function versionDoc(store: AsyncStore, docName: string, id: number): Promise<{ record: VersionRecord; doc: Y.Doc } | undefined> {
  const v = await store.getVersion(docName, id);
  if (!v) return undefined;
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdateV2(doc, v.snapshot);
  const { snapshot: _s, ...record } = v;
  return { record, doc };
}

/** A read-only preview of a version's public content. */
export async function previewVersion(store: AsyncStore, workshopId: string, id: number) {
  const v = await versionDoc(store, syncRoomName(workshopId), id);
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
  const target = await versionDoc(deps.store, syncRoomName(workshopId), id);
  if (!target) return undefined;
  const staffRecord = (await deps.store.listVersions(syncRoomName(workshopId, true))).find(
    (r) => r.createdAt === target.record.createdAt && r.name === target.record.name,
  );
  const staffTarget = staffRecord ? await versionDoc(deps.store, syncRoomName(workshopId, true), staffRecord.id) : undefined;
  const pub = await deps.rooms.open(workshopId);
  const restricted = await deps.rooms.open(workshopId, { restricted: true });
  try {
    const before = await saveVersionOf(deps.store, workshopId, pub.doc, restricted.doc, BEFORE_RESTORE_NAME, true, now);
    const changes = applyVersion(pub.doc, target.doc, RESTORE_ORIGIN, now);
    if (staffTarget) applyVersion(restricted.doc, staffTarget.doc, RESTORE_ORIGIN, now);
    for (const h of [pub, restricted]) {
      await h.room.persistence.flush().catch(() => {
        // kept in memory; the persistence layer retries
      });
    }
    return { restored: info(target.record), before, changes, itemCount: liveItemCount(pub.doc) };
  } finally {
    target.doc.destroy();
    staffTarget?.doc.destroy();
    restricted.release();
    pub.release();
  }
}
