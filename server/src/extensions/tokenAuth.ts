import { authenticate } from '../auth/tokens.js';
import type { Store } from '../store/store.js';
import type { Extension } from './extension.js';

/** Authenticate websocket connections by the workshop's token table (hashed tokens in the store). */
export function createTokenAuth(store: Store): Extension {
  return {
    name: 'token-auth',
    authenticate: (workshopId, token) => authenticate(store, workshopId, token),
  };
}
