import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { watchLiveness } from './liveness.js';
import type { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { CLOSE, CLOSE_REASONS, LOCAL, MESSAGE_AUTH, canAccessRestricted, carryOver, itemsMap, parseNotice, syncRoomName, SYNC_PREFIX, type Notice, type Role } from '@tsunagu/shared';
import { api, ApiError, type WorkshopInfo } from './api.js';
import { colorForKind, type PresenceUser } from './presence.js';
import { localUserId, rememberWorkshop } from './tokenStore.js';

export type Connection = 'connecting' | 'connected' | 'disconnected';

export interface WorkshopSession {
  state: 'loading' | 'ready' | 'error';
  error?: string;
  errorStatus?: number;
  info?: WorkshopInfo;
  role?: Role;
  doc?: Y.Doc;
  /** Only for staff and facilitator: the restricted (心配な世帯) document. */
  restrictedDoc?: Y.Doc | null;
  awareness?: Awareness;
  connection: Connection;
  /** True once the public document has had its first sync from the server. */
  synced: boolean;
  user?: PresenceUser;
  /** The latest notice from the server (a refused write, saving trouble), with when it came. */
  notice?: { notice: Notice; at: number } | undefined;
  /**
   * True when this document replaced one whose history the server rewrote (close 4410): a
   * locally stored copy (the phone's IndexedDB) holds the old history and must be discarded.
   */
  discardLocal?: boolean;
}

/**
 * Show server notices (they ride on the y-websocket auth message, see shared/src/protocol.ts)
 * instead of letting y-websocket log them.
 */
function listenForNotices(provider: WebsocketProvider, onNotice: (n: Notice) => void): void {
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    decoding.readVarUint(decoder); // "permission denied"
    const notice = parseNotice(decoding.readVarString(decoder));
    if (notice) onNotice(notice);
  };
}

/**
 * Fired on window after unsent edits were carried into a reloaded document (close 4410):
 * `detail.onServer` holds the ids of items the server already had, so the phone's 送信済み
 * bookkeeping (keyed by the old document's client clock) can be redone against the new one.
 */
export const CARRIED_OVER_EVENT = 'tsunagu:carried-over';
export interface CarriedOverDetail {
  workshopId: string;
  doc: Y.Doc;
  onServer: ReadonlySet<string>;
}

export function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SYNC_PREFIX}`;
}

/**
 * Open a workshop: fetch its info with the token (which tells our role), then create the
 * public Y.Doc with its WebsocketProvider, and for staff/facilitator the restricted doc at
 * room `${id}/staff`. Everything is torn down when the id or token changes or on unmount.
 * Clients never initialise a document: the server creates columns and categories.
 */
export function useWorkshop(workshopId: string, token: string | null, opts: { publicOnly?: boolean } = {}): WorkshopSession {
  // the projector view (?mode=projector) never opens the restricted document, even for a
  // facilitator's link: what is on the wall must not be one bug away from 心配な世帯
  const publicOnly = opts.publicOnly === true;
  const [session, setSession] = useState<WorkshopSession>({ state: 'loading', connection: 'connecting', synced: false });
  // Bumped when the server refused a write (close 4413): the local document still holds the
  // refused change and would resend it on every reconnect, so it is replaced by a fresh copy.
  const [generation, setGeneration] = useState(0);
  // The documents replaced after close 4410 (history rewritten): kept until the new ones have
  // synced, so the edits this device never sent are carried over (carryOver), then dropped.
  const carryFrom = useRef<{ doc: Y.Doc; restrictedDoc: Y.Doc | null } | null>(null);
  // After a refused write (4413): the device's stored copy (IndexedDB on a phone) still holds
  // the refused change and would send it again on every load, so the next document starts
  // from the server's copy alone: nothing is carried over (it could be refused again).
  const discardAfterRefusal = useRef(false);

  useEffect(() => {
    if (!token) {
      setSession({ state: 'error', error: 'no token', errorStatus: 401, connection: 'disconnected', synced: false });
      return;
    }
    let disposed = false;
    const cleanups: (() => void)[] = [];
    setSession((s) => ({ state: 'loading', connection: 'connecting', synced: false, notice: s.notice }));

    api
      .workshop(workshopId, token)
      .then((info) => {
        if (disposed) return;
        rememberWorkshop({ id: workshopId, title: info.title, role: info.role, at: Date.now() });
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(wsBase(), syncRoomName(workshopId), doc, {
          params: { token },
          disableBc: true,
          maxBackoffTime: 5000,
        });
        const kind = info.role === 'facilitator' ? 'facilitator' : info.kind || 'other';
        const user: PresenceUser = {
          // a participant's id comes from the server (its notes' authorId must match it there)
          id: info.role === 'participant' && info.userId ? info.userId : localUserId(workshopId),
          name: info.name || (info.role === 'facilitator' ? 'ファシリテーター' : info.role),
          role: info.role,
          kind,
          color: colorForKind(kind),
        };
        provider.awareness.setLocalStateField('user', user);
        const onNotice = (notice: Notice) => setSession((s) => ({ ...s, notice: { notice, at: Date.now() } }));
        listenForNotices(provider, onNotice);
        // the documents this one replaces after a rewrite (carried over below), taken once
        const previous = carryFrom.current;
        carryFrom.current = null;
        let restrictedDoc: Y.Doc | null = null;
        let restrictedProvider: WebsocketProvider | null = null;
        let rewritten = false;
        const onClose = (ev: CloseEvent | null) => {
          if (disposed) return;
          if (ev?.code === CLOSE.LINK_REVOKED) {
            // The facilitator revoked this link: say so plainly and stop reconnecting.
            provider.disconnect();
            restrictedProvider?.disconnect();
            setSession({ state: 'error', error: 'link revoked', errorStatus: CLOSE.LINK_REVOKED, connection: 'disconnected', synced: false });
            return;
          }
          if (ev?.code === CLOSE.REFUSED) {
            discardAfterRefusal.current = true;
            setGeneration((g) => g + 1);
          }
          if (ev?.code === CLOSE.HISTORY_REWRITTEN && !rewritten) {
            rewritten = true;
            carryFrom.current ??= { doc, restrictedDoc };
            const reason = CLOSE_REASONS[CLOSE.HISTORY_REWRITTEN]!;
            setSession((s) => ({ ...s, notice: { notice: { notice: 'history-rewritten', ...reason }, at: Date.now() } }));
            setGeneration((g) => g + 1);
          }
        };
        provider.on('connection-close', onClose);

        if (canAccessRestricted(info.role) && !publicOnly) {
          restrictedDoc = new Y.Doc();
          restrictedProvider = new WebsocketProvider(wsBase(), syncRoomName(workshopId, true), restrictedDoc, {
            params: { token },
            disableBc: true,
            maxBackoffTime: 5000,
          });
          restrictedProvider.awareness.setLocalState(null);
          listenForNotices(restrictedProvider, onNotice);
          restrictedProvider.on('connection-close', onClose);
        }

        // After a rewrite: once each new document has synced, bring this device's unsent edits over.
        const carry = (from: Y.Doc | null | undefined, into: Y.Doc | null, p: WebsocketProvider | null, announce = false) => {
          if (!from) return;
          if (!into || !p) return from.destroy();
          const onFirstSync = (synced: boolean) => {
            if (!synced) return;
            p.off('sync', onFirstSync);
            const onServer = new Set(itemsMap(into).keys());
            carryOver(from, into, LOCAL);
            from.destroy();
            if (announce) {
              const detail: CarriedOverDetail = { workshopId, doc: into, onServer };
              window.dispatchEvent(new CustomEvent(CARRIED_OVER_EVENT, { detail }));
            }
          };
          p.on('sync', onFirstSync);
          cleanups.push(() => p.off('sync', onFirstSync));
        };
        carry(previous?.doc, doc, provider, true);
        carry(previous?.restrictedDoc, restrictedDoc, restrictedProvider);

        const base = {
          state: 'ready' as const,
          info,
          role: info.role,
          doc,
          restrictedDoc,
          awareness: provider.awareness,
          user,
          discardLocal: previous !== null || discardAfterRefusal.current,
        };
        discardAfterRefusal.current = false;
        setSession((s) => ({ ...base, connection: 'connecting', synced: false, notice: s.notice }));
        // after the liveness check found the socket dead, a reopened socket counts only once it speaks
        let silentSocket = false;
        const onStatus = ({ status }: { status: Connection }) =>
          setSession((s) => (s.doc === doc ? { ...s, connection: silentSocket && status === 'connected' ? 'disconnected' : status } : s));
        const onSync = (synced: boolean) => setSession((s) => (s.doc === doc ? { ...s, synced: s.synced || synced } : s));
        provider.on('status', onStatus);
        provider.on('sync', onSync);
        // a silent socket shows 未接続 within ~4 s (y-websocket alone waits 30 s)
        const stopLiveness = watchLiveness(provider, (alive) => {
          silentSocket = !alive;
          const connection: Connection = alive ? (provider.wsconnected ? 'connected' : 'connecting') : 'disconnected';
          setSession((s) => (s.doc === doc ? { ...s, connection } : s));
        });
        cleanups.push(() => {
          stopLiveness();
          provider.off('status', onStatus);
          provider.off('sync', onSync);
          provider.off('connection-close', onClose);
          restrictedProvider?.off('connection-close', onClose);
          provider.awareness.setLocalState(null);
          provider.destroy();
          restrictedProvider?.destroy();
          // documents waiting to be carried over live on until the next ones have synced
          if (carryFrom.current?.doc !== doc) doc.destroy();
          if (carryFrom.current?.restrictedDoc !== restrictedDoc) restrictedDoc?.destroy();
        });
      })
      .catch((e: unknown) => {
        if (disposed) return;
        const status = e instanceof ApiError ? e.status : 0;
        setSession({ state: 'error', error: e instanceof Error ? e.message : String(e), errorStatus: status, connection: 'disconnected', synced: false });
      });

    return () => {
      disposed = true;
      for (const c of cleanups) c();
    };
  }, [workshopId, token, generation, publicOnly]);

  return session;
}
