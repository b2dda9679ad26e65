/**
 * Bench child processes (servers, client workers) and a tiny request/response protocol over
 * Node's IPC channel. The parent calls `child.call(cmd, args)`; the child answers from a
 * handler table registered with `serveCommands`. Server children (ours and the reference) are
 * bundled with esbuild first and run on plain `node`, as `npm start` runs the product: no
 * TypeScript loader in their memory or CPU figures. Client workers run through tsx. All run
 * with `--expose-gc` so RSS can be measured after a full collection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
interface Ready {
  ready: true;
  info: Record<string, unknown>;
}

export interface BenchChild {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** What the child announced when ready (e.g. its URL). */
  readonly info: Record<string, unknown>;
  call<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export const BENCH_DIR = import.meta.dirname;

const bundles = new Map<string, Promise<string>>();
// imported at run time, so the bundled children do not carry esbuild along
const builder = () => import(pathToFileURL(path.join(BENCH_DIR, '../../scripts/buildServer.mjs')).href) as Promise<typeof import('../../scripts/buildServer.mjs')>;

/** A server child's entry bundled once per bench run into dist/bench/ (same depth as dist/server/). */
function bundled(entry: string): Promise<string> {
  let file = bundles.get(entry);
  if (!file) {
    file = builder().then(({ bundleServer, ROOT }) =>
      bundleServer({ entry: path.join(BENCH_DIR, entry), outfile: path.join(ROOT, 'dist/bench', entry.replace(/\.ts$/, '.mjs')) }),
    );
    bundles.set(entry, file);
  }
  return file;
}

/** Fork `entry` (a file in tests/bench) and wait for its ready message. */
export async function startChild(entry: string, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<BenchChild> {
  const isServer = entry.startsWith('server');
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of every server child (for finding hot spots).
  const prof = process.env.BENCH_CPU_PROF && isServer ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const file = isServer ? await bundled(entry) : path.join(BENCH_DIR, entry);
  // Both servers run with the allocator settings and V8 flags `npm start` gives the product.
  const serverEnv = isServer ? (await builder()).MALLOC_ENV : {};
  const serverFlags = isServer ? (await builder()).NODE_FLAGS : [];
  const proc = fork(file, [], {
    execArgv: ['--expose-gc', ...prof, ...serverFlags, ...(isServer ? [] : ['--import', 'tsx'])],
    env: { ...process.env, ...serverEnv, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    const startTimer = setTimeout(() => reject(new Error(`${entry} did not start`)), startTimeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(startTimer);
      reject(new Error(`${entry} exited early (${code})`));
      for (const p of pending.values()) p.reject(new Error(`${entry} exited (${code})`));
    });
    proc.on('message', (raw) => {
      const msg = raw as Reply | Ready;
      if ('ready' in msg) {
        clearTimeout(startTimer);
        resolve({
          proc,
          pid: proc.pid!,
          info: msg.info,
          call: <T>(cmd: string, args?: unknown, timeoutMs = 120_000) =>
            new Promise<T>((res, rej) => {
              const id = nextId++;
              const timer = setTimeout(() => {
                pending.delete(id);
                rej(new Error(`${entry}: ${cmd} timed out`));
              }, timeoutMs);
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, timer });
              proc.send({ id, cmd, args } satisfies Request);
            }),
          stop: async () => {
            if (proc.exitCode === null && proc.signalCode === null) {
              proc.kill('SIGTERM');
              const killTimer = setTimeout(() => proc.kill('SIGKILL'), 5000);
              await exited;
              clearTimeout(killTimer);
            }
          },
        });
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
  });
}

export type CommandTable = Record<string, (args: any) => unknown>;

/** In a child: answer the parent's calls from `handlers`, then announce readiness. */
export function serveCommands(handlers: CommandTable, info: Record<string, unknown> = {}): void {
  if (!process.send) throw new Error('not started as a bench child (no IPC channel)');
  process.on('message', (raw) => {
    const req = raw as Request;
    const handler = handlers[req.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${req.cmd}`);
        return handler(req.args);
      })
      .then(
        (result) => process.send!({ id: req.id, ok: true, result } satisfies Reply),
        (err: unknown) => process.send!({ id: req.id, ok: false, error: String((err as Error)?.stack ?? err) } satisfies Reply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, info } satisfies Ready);
}

/** Memory of this process after two full collections (needs --expose-gc). */
export function measureMemory(): { rss: number; heapUsed: number; heapTotal: number; external: number; peakRss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external + m.arrayBuffers, peakRss: process.resourceUsage().maxRSS * 1024 };
}

/**
 * Event-loop delay of this process (a stalled loop delays every message), reset on demand.
 * Figures in ms.
 */
export function eventLoopProbe(): { reset(): void; read(): { p99: number; max: number } } {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    reset: () => h.reset(),
    read: () => ({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 }),
  };
}

/** Wrap `obj[name]` (a synchronous method) to record how long each call blocks. */
export function timeCalls<T extends object>(obj: T, name: keyof T & string): { reset(): void; read(): { calls: number; totalMs: number; maxMs: number } } {
  const original = obj[name] as unknown as (...a: unknown[]) => unknown;
  let calls = 0;
  let totalMs = 0;
  let maxMs = 0;
  (obj as Record<string, unknown>)[name] = function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, a);
    } finally {
      const d = performance.now() - t0;
      calls++;
      totalMs += d;
      if (d > maxMs) maxMs = d;
    }
  };
  return {
    reset: () => void (calls = totalMs = maxMs = 0),
    read: () => ({ calls, totalMs, maxMs }),
  };
}

/** CPU time of this process so far (ms). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
