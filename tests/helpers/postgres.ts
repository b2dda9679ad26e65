import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL for tests: `initdb` into a fresh temporary directory and `pg_ctl`
 * on a free port of 127.0.0.1, from Debian's `postgresql` package (binaries under
 * /usr/lib/postgresql/<version>/bin). Running as root, the server runs as the `postgres` user
 * (PostgreSQL refuses root), which owns the directory. Always `await pg.stop()`.
 */
export interface TestPostgres {
  /** postgres://… URL of the database `tsunagu` (trust authentication, 127.0.0.1 only). */
  url: string;
  port: number;
  dir: string;
  /** The postmaster's pid (SIGSTOP/SIGCONT it to simulate an unreachable database). */
  pid(): number;
  stop(): Promise<void>;
}

export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

/** True when PostgreSQL's server binaries are installed (`.ci/run` installs them). */
export const hasPostgres = (): boolean => postgresBinDir() !== null;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** Run a PostgreSQL binary, as the `postgres` user when we are root. */
function run(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-pg-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  fs.mkdirSync(sock);
  fs.chmodSync(sock, 0o777);
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // fsync off: tests kill processes, never the machine, and a committed transaction survives a
  // killed process without it; small shared_buffers so several test databases fit at once.
  const opts = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${sock}`,
    '-c shared_buffers=32MB',
    '-c max_connections=100',
    '-c fsync=off',
  ].join(' ');
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  run(path.join(bin, 'psql'), ['-h', sock, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', 'CREATE DATABASE tsunagu']);
  const pid = (): number => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/tsunagu`,
    port,
    dir,
    pid,
    async stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Start a detached process and resolve when it prints `ready` on stdout or stderr. */
export function spawnUntil(cmd: string, args: string[], ready: RegExp): Promise<import('node:child_process').ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (b: Buffer): void => {
      out += b.toString();
      if (ready.test(out)) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)));
    child.once('error', reject);
  });
}
