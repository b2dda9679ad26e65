import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const DB_FILE = 'tsunagu.sqlite';

/**
 * Online backup of a running server's data: SQLite's backup API copies a consistent
 * snapshot of `DATA_DIR/tsunagu.sqlite` (including committed WAL content) page by page while
 * the server keeps writing. The result is one self-contained file.
 *
 * Restore: stop the server, put the backup in an empty directory as `tsunagu.sqlite` and start
 * the server with `DATA_DIR` pointing there (same workshops, documents, versions and tokens).
 */
export async function backupDataDir(dataDir: string, outFile: string): Promise<{ file: string; bytes: number; pages: number }> {
  const source = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(source)) throw new Error(`no database at ${source} (is DATA_DIR right?)`);
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  if (fs.existsSync(outFile)) throw new Error(`${outFile} already exists; choose another name`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const tmp = `${outFile}.partial`;
    fs.rmSync(tmp, { force: true });
    const result = await db.backup(tmp);
    // the copy is a complete database in rollback-journal mode: no -wal file needed beside it
    const copy = new Database(tmp);
    copy.pragma('journal_mode = DELETE');
    const ok = copy.pragma('integrity_check', { simple: true });
    copy.close();
    if (ok !== 'ok') throw new Error(`backup failed its integrity check: ${String(ok)}`);
    fs.renameSync(tmp, outFile);
    return { file: outFile, bytes: fs.statSync(outFile).size, pages: result.totalPages };
  } finally {
    db.close();
  }
}

/** Restore = copy the backup in as DATA_DIR/tsunagu.sqlite (refuses to overwrite). */
export function restoreInto(backupFile: string, dataDir: string): string {
  const target = path.join(dataDir, DB_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(target)) throw new Error(`${target} exists; restore into an empty DATA_DIR`);
  fs.copyFileSync(backupFile, target);
  return target;
}
