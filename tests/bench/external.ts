/**
 * Issues 3 and 4: the board and map engineers' benchmarks (tests/bench/board.ts → benchBoard(),
 * tests/bench/map.ts → benchMap()). They are imported dynamically so this runner works before
 * they exist; their rows are printed as they come.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './childProcess.js';
import { formatTable, type Cell } from './table.js';

type Rows = unknown;

async function load(file: string, exportName: string): Promise<(() => Promise<Rows> | Rows) | null> {
  const full = path.join(BENCH_DIR, file);
  if (!fs.existsSync(full)) return null;
  const mod = (await import(full)) as Record<string, unknown>;
  const fn = mod[exportName];
  return typeof fn === 'function' ? (fn as () => Promise<Rows> | Rows) : null;
}

function printRows(title: string, rows: Rows): void {
  if (Array.isArray(rows) && rows.length > 0 && rows.every((r) => Array.isArray(r))) {
    const [header, ...body] = rows as Cell[][];
    console.log(formatTable(title, header!.map(String), body));
  } else if (Array.isArray(rows) && rows.length > 0 && rows.every((r) => typeof r === 'object' && r !== null)) {
    const keys = Array.from(new Set((rows as Record<string, unknown>[]).flatMap((r) => Object.keys(r))));
    const body = (rows as Record<string, unknown>[]).map((r) => keys.map((k) => fmt(r[k])));
    console.log(formatTable(title, keys, body));
  } else {
    console.log(`\n## ${title}`);
    console.log(rows);
  }
}

const fmt = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? 'PASS' : 'FAIL') : typeof v === 'number' ? String(Number(v.toFixed(2))) : String(v);

/** Whether any cell of the rows reads FAIL (a goal missed). */
function anyFail(rows: Rows): boolean {
  if (!Array.isArray(rows)) return false;
  return rows.some((r) => (Array.isArray(r) ? r : typeof r === 'object' && r !== null ? Object.values(r) : []).some((v) => v === 'FAIL' || v === false));
}

/**
 * Run one external benchmark: 'ran' (every goal met), 'missed' (it ran and a row reads FAIL),
 * 'not available', or 'failed' (it could not run).
 */
export async function runExternal(title: string, file: string, exportName: string): Promise<'ran' | 'missed' | 'not available' | 'failed'> {
  let fn: Awaited<ReturnType<typeof load>>;
  try {
    fn = await load(file, exportName);
  } catch (err) {
    console.log(`\n## ${title}\n${exportName}() could not be loaded: ${(err as Error).message}`);
    return 'failed';
  }
  if (!fn) {
    console.log(`\n## ${title}\nnot available (${file} with ${exportName}() does not exist yet)`);
    return 'not available';
  }
  // Bounded: a stuck browser benchmark must not hold up the report (the runner exits at the end).
  const limitMs = Number(process.env.BENCH_EXTERNAL_TIMEOUT_MS ?? 300_000);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(limitMs / 1000)} s`)), limitMs);
  });
  try {
    const rows = await Promise.race([Promise.resolve(fn()), timeout]);
    printRows(title, rows);
    return anyFail(rows) ? 'missed' : 'ran';
  } catch (err) {
    console.log(`\n## ${title}\n${exportName}() failed: ${(err as Error).stack ?? String(err)}`);
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
