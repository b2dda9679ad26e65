import type { Store } from './store.js';

/**
 * The Store contract with every method returning a Promise: what a networked database
 * (PostgreSQL, pgStore.ts) can offer. It is derived from `Store` mechanically, so a method
 * added to `Store` (and to SqliteStore) is required of PgStore by the type checker at once.
 */
export type AsyncStore = {
  [K in keyof Store]: Store[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/**
 * A synchronous store (SqliteStore) seen through the async contract: each call runs at once,
 * synchronously, and its result or error is wrapped in a settled Promise. The contract tests
 * run the same cases through this adapter and through PgStore.
 */
export function asAsyncStore(store: Store): AsyncStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args));
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      };
    },
  }) as unknown as AsyncStore;
}
