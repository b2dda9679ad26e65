import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '@tsunagu/shared';

export const GSI_TILE_URL = 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png';
export const GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank" rel="noopener">地理院タイル</a>';

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Base URL phones use (QR codes). Empty: derived from the machine's LAN address. */
  publicUrl: string;
  tileUrl: string;
  tileAttribution: string;
  /** At most this many upstream tile requests at a time (TILE_CONCURRENCY). */
  tileConcurrency: number;
  /** A cached tile younger than this is not fetched again (TILE_MAX_AGE_DAYS). */
  tileMaxAgeMs: number;
  /** Hot tiles kept in memory, bytes (TILE_MEMORY_MB, default 32; 0: none). */
  tileMemoryBytes: number;
  /** Built client to serve; empty disables static serving. */
  staticDir: string;
  limits: Limits;
  /** Update-log batch window (ms); docs/ARCHITECTURE.md: ≤ 100. */
  batchMs: number;
  /** Compaction debounce and maximum wait (ms). */
  compactDebounceMs: number;
  compactMaxWaitMs: number;
  /** Websocket ping interval (ms); a connection missing one pong is closed. */
  pingIntervalMs: number;
  /** Unload a room this long after its last connection left and its final save (ms). */
  idleUnloadMs: number;
  /** Automatic version after this much activity since the last version (ms); AUTO_VERSION_MS. */
  autoVersionMs: number;
  /**
   * History rewrite when an idle room unloads (shared/src/model/rewrite.ts): at least this many
   * structs, and at least `rewriteRatio` times as many as its live content needs.
   */
  rewriteMinStructs: number;
  rewriteRatio: number;
  /**
   * Direct peers (reverse proxies) whose `X-Forwarded-For` is believed for the client address
   * of the HTTP rate limits; TRUST_PROXY, comma-separated addresses. Empty: never believed.
   */
  trustProxy: string[];
  /** A join code stops joining this long after it was issued (JOIN_CODE_TTL_HOURS; default 7 days). */
  joinCodeTtlMs: number;
  /** When set (METRICS_TOKEN), `/metrics` also answers `Authorization: Bearer <token>` from any address. */
  metricsToken: string;
  /**
   * Who may create a workshop (TSUNAGU_WORKSHOP_CREATION, issue 14): `open` (anyone; the
   * laptop's default) or `coordinators` (a coordinator token of an organisation).
   */
  workshopCreation: WorkshopCreation;
  /**
   * Whether a workshop's facilitator or staff may replace the server's offline map source with
   * an MBTiles/PMTiles upload (TSUNAGU_TILE_IMPORT): `staff` (the laptop's default) or `off`
   * (the operator installs it with `npm run tiles -- import`). The source serves every
   * workshop of the server, so a hosted server that limits workshop creation to coordinators
   * defaults to `off`.
   */
  tileImport: TileImport;
}

export type WorkshopCreation = 'open' | 'coordinators';
export type TileImport = 'staff' | 'off';

const intOf = (v: string | undefined, fallback: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
};

/** TSUNAGU_WORKSHOP_CREATION: `open` (default) or `coordinators`; anything else stops the start (a typo must not open creation). */
export function workshopCreationOf(v: string | undefined): WorkshopCreation {
  if (v === undefined || v === '' || v === 'open') return 'open';
  if (v === 'coordinators') return 'coordinators';
  throw new Error(`TSUNAGU_WORKSHOP_CREATION must be "open" or "coordinators", not "${v}"`);
}

/** TSUNAGU_TILE_IMPORT: `staff` or `off`; unset: `off` when creation is limited to coordinators, else `staff`. Anything else stops the start. */
export function tileImportOf(v: string | undefined, creation: WorkshopCreation): TileImport {
  if (v === undefined || v === '') return creation === 'coordinators' ? 'off' : 'staff';
  if (v === 'staff' || v === 'off') return v;
  throw new Error(`TSUNAGU_TILE_IMPORT must be "staff" or "off", not "${v}"`);
}

/** Build the configuration from the environment (read at call time, never at import time). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const limits = { ...DEFAULT_LIMITS } as Limits;
  for (const key of Object.keys(limits) as (keyof Limits)[]) {
    const envName = 'LIMIT_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
    limits[key] = intOf(env[envName], limits[key]);
  }
  return withDefaults({
    port: intOf(env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    publicUrl: env.PUBLIC_URL || '',
    tileUrl: env.TILE_URL || GSI_TILE_URL,
    tileAttribution: env.TILE_ATTRIBUTION || (env.TILE_URL ? '' : GSI_ATTRIBUTION),
    tileConcurrency: intOf(env.TILE_CONCURRENCY, 4),
    tileMaxAgeMs: intOf(env.TILE_MAX_AGE_DAYS, 30) * 24 * 3600_000,
    tileMemoryBytes: intOf(env.TILE_MEMORY_MB, 32) * 1024 * 1024,
    staticDir: env.STATIC_DIR ?? path.resolve(import.meta.dirname, '../../client/dist'),
    limits,
    ...(env.AUTO_VERSION_MS ? { autoVersionMs: intOf(env.AUTO_VERSION_MS, 10 * 60_000) } : {}),
    trustProxy: (env.TRUST_PROXY ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    ...(env.JOIN_CODE_TTL_HOURS ? { joinCodeTtlMs: intOf(env.JOIN_CODE_TTL_HOURS, 7 * 24) * 3_600_000 } : {}),
    metricsToken: env.METRICS_TOKEN ?? '',
    workshopCreation: workshopCreationOf(env.TSUNAGU_WORKSHOP_CREATION),
    tileImport: tileImportOf(env.TSUNAGU_TILE_IMPORT, workshopCreationOf(env.TSUNAGU_WORKSHOP_CREATION)),
  });
}

/** A partial configuration (tests, embedding); limits may be given one by one. */
export type ConfigInput = Omit<Partial<Config>, 'limits'> & { limits?: Partial<Limits> };

export function withDefaults(partial: ConfigInput): Config {
  return {
    port: 8080,
    host: '127.0.0.1',
    dataDir: './data',
    publicUrl: '',
    tileUrl: GSI_TILE_URL,
    tileAttribution: GSI_ATTRIBUTION,
    tileConcurrency: 4,
    tileMaxAgeMs: 30 * 24 * 3600_000,
    tileMemoryBytes: 32 * 1024 * 1024,
    staticDir: '',
    batchMs: 50,
    compactDebounceMs: 2000,
    compactMaxWaitMs: 10_000,
    pingIntervalMs: 30_000,
    idleUnloadMs: 30_000,
    autoVersionMs: 10 * 60_000,
    rewriteMinStructs: 100_000,
    rewriteRatio: 4,
    trustProxy: [],
    joinCodeTtlMs: 7 * 24 * 3_600_000,
    metricsToken: '',
    workshopCreation: 'open',
    tileImport: partial.workshopCreation === 'coordinators' ? 'off' : 'staff',
    ...partial,
    limits: { ...(DEFAULT_LIMITS as Limits), ...(partial.limits ?? {}) },
  };
}

/** The URL phones on the same Wi-Fi can reach: PUBLIC_URL, else the first LAN IPv4 address. */
export function resolvePublicUrl(config: Config, actualPort: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  let host = config.host;
  if (host === '0.0.0.0' || host === '::') {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    host = lan?.address ?? '127.0.0.1';
  }
  return `http://${host}:${actualPort}`;
}
