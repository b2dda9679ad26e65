/**
 * Bench child for `phone.ts`: phones at the HTTP level. Each does what a real phone's browser
 * did in the same run before 「ここにピン」 could be tapped (the parent passes the paths it saw):
 * the join page and its assets, POST /api/join, GET /api/workshops/:id, then the home screen's
 * assets and the websocket sync at once — over its own keep-alive pool of 6 sockets (a
 * browser's per-host limit), asking for brotli/gzip, reading every body. A phone is done when
 * its last response has ended and its document has synced: the time to the add-pin screen
 * without the phone's own parsing and rendering. Run in a child process so the clients'
 * decoding does not share the server's event loop.
 */
import http from 'node:http';
import { connectYClient } from '../helpers/yClient.js';
import { cpuMs, serveCommands } from './childProcess.js';

export interface HttpPhoneArgs {
  base: string;
  code: string;
  /** Static paths fetched before POST /api/join (the join page's assets), the page itself first. */
  before: string[];
  /** Static paths fetched after it (the workshop page's chunks). */
  after: string[];
  count: number;
  /** Start offset of phone i: i × spreadMs (0: all in the same millisecond). */
  spreadMs: number;
}

export interface HttpPhoneResult {
  times: number[];
  bytes: number;
  failures: string[];
  cpuMs: number;
}

function request(agent: http.Agent, base: string, path: string, opts: { method?: string; body?: string; token?: string } = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'accept-encoding': 'br, gzip', 'user-agent': 'tsunagu-bench-phone' };
    if (opts.body) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const req = http.request(new URL(path, base), { method: opts.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function onePhone(args: HttpPhoneArgs, i: number, total: { bytes: number }): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const get = async (p: string, token?: string) => {
    const r = await request(agent, args.base, p, { token });
    if (r.status >= 400) throw new Error(`${p}: HTTP ${r.status}`);
    total.bytes += r.body.length;
    return r;
  };
  const t0 = performance.now();
  try {
    const [page, ...assets] = args.before;
    await get(page!);
    await Promise.all(assets.map((p) => get(p)));
    const joined = await request(agent, args.base, '/api/join', { method: 'POST', body: JSON.stringify({ code: args.code, name: `住民${i + 1}`, role: 'jumin' }) });
    if (joined.status !== 200 && joined.status !== 201) throw new Error(`/api/join: HTTP ${joined.status} ${joined.body.toString()}`);
    const { workshopId, token } = JSON.parse(joined.body.toString()) as { workshopId: string; token: string };
    await get(`/api/workshops/${workshopId}`, token);
    const client = connectYClient(args.base.replace(/^http/, 'ws') + '/sync', workshopId, token);
    try {
      await Promise.all([...args.after.map((p) => get(p)), client.synced]);
      return performance.now() - t0;
    } finally {
      client.destroy();
    }
  } finally {
    agent.destroy();
  }
}

serveCommands({
  async run(args: HttpPhoneArgs): Promise<HttpPhoneResult> {
    const total = { bytes: 0 };
    const failures: string[] = [];
    const cpu0 = cpuMs();
    const times = (
      await Promise.all(
        Array.from({ length: args.count }, async (_, i) => {
          if (args.spreadMs > 0) await new Promise((r) => setTimeout(r, i * args.spreadMs));
          try {
            return await onePhone(args, i, total);
          } catch (err) {
            failures.push((err as Error).message);
            return null;
          }
        }),
      )
    ).filter((t): t is number => t !== null);
    return { times, bytes: total.bytes, failures, cpuMs: cpuMs() - cpu0 };
  },
});
