// Bundle the server (and the shared package it imports) into plain ESM JavaScript with esbuild,
// so production runs on `node` alone: no TypeScript loader in memory (~33 MB less RSS) and a
// faster start. npm packages stay external (resolved from node_modules at run time; the
// native better-sqlite3 binding cannot be bundled anyway).
//
// Used by scripts/ensureBuilt.mjs (dist/server/main.mjs, what `npm start` runs) and by the
// benchmark (its server children).
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** The bundle `npm start` builds and runs. */
export const SERVER_MAIN = path.join(ROOT, 'dist/server/main.mjs');

/** The server process's allocator settings (why: scripts/start.mjs); the benchmark's server children get them too. */
export const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' };

/**
 * The server process's V8 flags; the benchmark's server children get them too. A young
 * generation of at most 2 MB per semi-space (V8's default lets it grow to 16 MB): a burst of
 * joining phones otherwise makes V8 grow it, a one-time step of about 1.5 MB of RSS that never
 * goes back (measured: 50 phones joining cost about 62 KiB each with the default, 33 KiB with
 * this; 500 connections in 25 rooms 109 → 87 MB), while the server's garbage is small and
 * short-lived, so the extra scavenges cost little.
 */
export const NODE_FLAGS = ['--max-semi-space-size=2'];

/** Bare imports other than our own workspaces are left to Node's resolver. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@tsunagu/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Bundle `entry` to `outfile`. The output keeps the source tree's depth (dist/server/x.mjs sits
 * two levels below the root like server/src/x.ts), so `import.meta.dirname`-relative paths such
 * as the client's dist folder resolve the same.
 */
export async function bundleServer({ entry, outfile }) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
    // workspace packages export their TypeScript sources
    conditions: ['import', 'default'],
  });
  return outfile;
}

