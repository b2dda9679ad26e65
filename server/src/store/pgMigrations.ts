/**
 * PostgreSQL schema, as numbered migrations applied in order at start (pgStore.ts, table
 * `schema_migrations`). Never edit a migration that has shipped: add the next number.
 * The tables mirror the SQLite store's (sqliteStore.ts) one for one; times are epoch
 * milliseconds (BIGINT), binary Yjs updates BYTEA.
 */
export const PG_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema (as the SQLite store)',
    sql: `
CREATE TABLE workshops (
  id TEXT PRIMARY KEY,
  join_code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  workshop_id TEXT NOT NULL REFERENCES workshops(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX tokens_by_workshop ON tokens(workshop_id, created_at);
CREATE TABLE doc_snapshots (
  doc_name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  up_to_seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE doc_sync_state (
  doc_name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  up_to_seq BIGINT NOT NULL
);
CREATE TABLE doc_updates (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_name TEXT NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX doc_updates_by_doc ON doc_updates(doc_name, seq);
CREATE TABLE versions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_name TEXT NOT NULL,
  name TEXT NOT NULL,
  data BYTEA NOT NULL,
  auto BOOLEAN NOT NULL,
  item_count INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX versions_by_doc ON versions(doc_name, id);
CREATE TABLE retired_clients (
  doc_name TEXT NOT NULL,
  client_id BIGINT NOT NULL,
  PRIMARY KEY (doc_name, client_id)
);
CREATE TABLE access_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workshop_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX access_log_by_workshop ON access_log(workshop_id, id);
`,
  },
  {
    version: 2,
    name: 'token revocation, join-code rotation and closing (issue 11)',
    sql: `
ALTER TABLE tokens ADD COLUMN revoked_at BIGINT;
ALTER TABLE workshops ADD COLUMN join_code_issued_at BIGINT;
ALTER TABLE workshops ADD COLUMN join_closed BOOLEAN NOT NULL DEFAULT false;
`,
  },
  {
    version: 3,
    name: 'organisations, coordinator links, units, workshop digests (issue 14)',
    sql: `
CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
INSERT INTO orgs (id, name, created_at) VALUES ('default', '既定の組織', 0);
CREATE TABLE org_tokens (
  hash TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL DEFAULT 'coordinator',
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX org_tokens_by_org ON org_tokens(org_id);
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  parent_id TEXT,
  level TEXT NOT NULL,
  name TEXT NOT NULL,
  geometry TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX units_by_org ON units(org_id, created_at);
ALTER TABLE workshops ADD COLUMN org_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE workshops ADD COLUMN unit_id TEXT;
ALTER TABLE workshops ADD COLUMN ended_at BIGINT;
ALTER TABLE workshops ADD COLUMN last_activity_at BIGINT;
CREATE INDEX workshops_by_org ON workshops(org_id, created_at);
CREATE TABLE workshop_digests (
  workshop_id TEXT PRIMARY KEY,
  up_to_seq BIGINT NOT NULL,
  snapshot_at BIGINT NOT NULL DEFAULT 0,
  joined INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
`,
  },
];
