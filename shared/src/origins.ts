/**
 * Every Y transaction carries one of these origins, so that undo tracks only the local
 * user's changes and the server can tell writes apart.
 *   local     – a change made by this client's user (tracked by Y.UndoManager)
 *   remote    – an update received from the network
 *   server    – a change made by the server itself (e.g. initialising a new workshop)
 *   migration – a schema migration step
 *   import    – an import (open data CSV/GeoJSON, JSON backup restore, snapshot restore)
 */
export const ORIGINS = ['local', 'remote', 'server', 'migration', 'import'] as const;
export type OriginKind = (typeof ORIGINS)[number];

export interface TxOrigin {
  readonly kind: OriginKind;
  /** Optional detail (e.g. which import, which connection). */
  readonly detail?: string;
}

export const LOCAL: TxOrigin = Object.freeze({ kind: 'local' });
export const REMOTE: TxOrigin = Object.freeze({ kind: 'remote' });
export const SERVER: TxOrigin = Object.freeze({ kind: 'server' });
export const MIGRATION: TxOrigin = Object.freeze({ kind: 'migration' });
export const IMPORT: TxOrigin = Object.freeze({ kind: 'import' });

export function isTxOrigin(value: unknown): value is TxOrigin {
  return (
    typeof value === 'object' &&
    value !== null &&
    (ORIGINS as readonly string[]).includes((value as { kind?: unknown }).kind as string)
  );
}
