import { asAsyncStore, PgStore, SqliteStore, type AsyncStore } from '@tsunagu/server';
import { startPostgres, type TestPostgres } from './postgres.js';
import { tmpDataDir } from './server.js';

/**
 * The stores the contract suite and the store-parameterised integration tests run on.
 * `TSUNAGU_TEST_STORE=postgres` selects PostgreSQL for those integration files (a throwaway
 * database per file, see postgres.ts); the contract suite always runs on both.
 */
export type StoreKind = 'sqlite' | 'postgres';

export const testStoreKind = (): StoreKind => (process.env.TSUNAGU_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite');

export interface OpenedStore {
  kind: StoreKind;
  store: AsyncStore;
  /** Set on PostgreSQL: the throwaway server (for a second connection, SIGSTOP …). */
  pg?: TestPostgres;
  close(): Promise<void>;
}

export async function openTestStore(kind: StoreKind): Promise<OpenedStore> {
  if (kind === 'sqlite') {
    const sqlite = new SqliteStore(tmpDataDir('tsunagu-store-'), { backgroundCheckpoint: false });
    return { kind, store: asAsyncStore(sqlite), close: async () => sqlite.close() };
  }
  const pg = await startPostgres();
  try {
    const store = await PgStore.open(pg.url);
    return {
      kind,
      store,
      pg,
      close: async () => {
        await store.close();
        await pg.stop();
      },
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
