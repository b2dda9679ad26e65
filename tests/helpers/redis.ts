import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { freePort, spawnUntil } from './postgres.js';

/**
 * A throwaway Redis for tests: `redis-server` from Debian's `redis-server` package on a free
 * port of 127.0.0.1, with no persistence (`--save '' --appendonly no`). `restart()` stops it
 * and starts it again on the same port (an empty Redis, as after a real restart without
 * persistence). Always `await redis.stop()`.
 */
export interface TestRedis {
  url: string;
  port: number;
  pid(): number;
  restart(): Promise<void>;
  /** Kill it and leave it down until start() (a Redis outage). */
  kill(): Promise<void>;
  /** Start it again on the same port after kill(). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const hasRedis = (): boolean => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const launch = (): Promise<ChildProcess> =>
    spawnUntil('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/);
  let child = await launch();
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child.pid!,
    async restart() {
      await kill();
      child = await launch();
    },
    kill,
    async start() {
      child = await launch();
    },
    stop: kill,
  };
}
