import { authenticate } from '../auth/tokens.js';
import type { AsyncStore } from '../store/asyncStore.js';
import type { Extension } from './extension.js';

/** Authenticate websocket connections by the workshop's token table (hashed tokens in the store). */
export function createTokenAuth(store: AsyncStore): Extension {
  return {
    name: 'token-auth',
    authenticate: (workshopId, token) => authenticate(store, workshopId, token),
  };
}
