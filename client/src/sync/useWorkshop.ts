import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { CLOSE, MESSAGE_AUTH, canAccessRestricted, parseNotice, syncRoomName, SYNC_PREFIX, type Notice, type Role } from '@tsunagu/shared';
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

export function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SYNC_PREFIX}`;
}

/**
 * Open a workshop: fetch its info with the token (which tells our role), then create the
 * public Y.Doc with its WebsocketProvider, and for staff/facilitator the restricted doc at
 * room `${id}/staff`. Everything is torn down when the id or token changes or on unmount.
 * Clients never initialise a document: the server creates columns and categories.
 */
export function useWorkshop(workshopId: string, token: string | null): WorkshopSession {
  const [session, setSession] = useState<WorkshopSession>({ state: 'loading', connection: 'connecting', synced: false });
  // Bumped when the server refused a write (close 4413): the local document still holds the
  // refused change and would resend it on every reconnect, so it is replaced by a fresh copy.
  const [generation, setGeneration] = useState(0);

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
          id: localUserId(workshopId),
          name: info.name || (info.role === 'facilitator' ? 'ファシリテーター' : info.role),
          role: info.role,
          kind,
          color: colorForKind(kind),
        };
        provider.awareness.setLocalStateField('user', user);
        const onNotice = (notice: Notice) => setSession((s) => ({ ...s, notice: { notice, at: Date.now() } }));
        listenForNotices(provider, onNotice);
        const onClose = (ev: CloseEvent | null) => {
          if (ev?.code === CLOSE.REFUSED && !disposed) setGeneration((g) => g + 1);
        };
        provider.on('connection-close', onClose);

        let restrictedDoc: Y.Doc | null = null;
        let restrictedProvider: WebsocketProvider | null = null;
        if (canAccessRestricted(info.role)) {
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

        const base = { state: 'ready' as const, info, role: info.role, doc, restrictedDoc, awareness: provider.awareness, user };
        setSession((s) => ({ ...base, connection: 'connecting', synced: false, notice: s.notice }));
        const onStatus = ({ status }: { status: Connection }) =>
          setSession((s) => (s.doc === doc ? { ...s, connection: status } : s));
        const onSync = (synced: boolean) => setSession((s) => (s.doc === doc ? { ...s, synced: s.synced || synced } : s));
        provider.on('status', onStatus);
        provider.on('sync', onSync);
        cleanups.push(() => {
          provider.off('status', onStatus);
          provider.off('sync', onSync);
          provider.off('connection-close', onClose);
          restrictedProvider?.off('connection-close', onClose);
          provider.awareness.setLocalState(null);
          provider.destroy();
          doc.destroy();
          restrictedProvider?.destroy();
          restrictedDoc?.destroy();
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
  }, [workshopId, token, generation]);

  return session;
}
