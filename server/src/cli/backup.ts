import path from 'node:path';
import { backupDataDir, restoreInto } from './backupDb.js';

/**
 * `npm run backup` — copy the running server's data safely (SQLite online backup).
 *
 *   DATA_DIR=./data npm run backup                      → ./backups/tsunagu-YYYYMMDD-HHMMSS.sqlite
 *   npm run backup -- --data-dir ./data --out my.sqlite
 *   npm run backup -- --restore my.sqlite --data-dir ./data-restored   (server stopped; empty dir)
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const stamp = (d = new Date()) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

async function main(): Promise<void> {
  const dataDir = arg('--data-dir') ?? process.env.DATA_DIR ?? './data';
  const restore = arg('--restore');
  if (restore) {
    const target = restoreInto(restore, dataDir);
    console.log(`restored ${restore} → ${target}; start the server with DATA_DIR=${dataDir}`);
    return;
  }
  const out = arg('--out') ?? path.join('backups', `tsunagu-${stamp()}.sqlite`);
  const r = await backupDataDir(dataDir, out);
  console.log(`backup written: ${r.file} (${r.bytes} bytes, ${r.pages} pages)`);
  console.log(`BACKUP_FILE=${path.resolve(r.file)}`);
}

main().catch((err: unknown) => {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
});
