import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '../sync/presence.js';

export interface Peer {
  clientId: number;
  state: PresenceState;
}

/** Live awareness states of everyone else (with a user), re-read on every change. */
export function usePeers(awareness: Awareness): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    const read = () => {
      const out: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId !== awareness.clientID && (state as PresenceState).user) out.push({ clientId, state: state as PresenceState });
      });
      setPeers(out);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return peers;
}
