import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TsunaguServer } from '@tsunagu/server';
import { CLOSE } from '@tsunagu/shared';
import { api, connectClient, createWorkshop, joinWorkshop, startServer, tmpDataDir, type TestClient } from '../helpers/server.js';

/** Issue 11: headers, bad paths, /metrics, join and creation rate limits, join codes, link revocation, import cap. */
const servers: TsunaguServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});
async function server(config: Parameters<typeof startServer>[0] = {}): Promise<TsunaguServer> {
  const s = await startServer(config);
  servers.push(s);
  return s;
}

/** A raw request, so headers such as X-Forwarded-For and odd paths go out exactly as written. */
function raw(base: string, method: string, pathname: string, opts: { headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const u = new URL(base);
    const req = http.request({ host: u.hostname, port: u.port, method, path: pathname, headers: { 'content-type': 'application/json', ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function expectSecurityHeaders(h: http.IncomingHttpHeaders) {
  const csp = String(h['content-security-policy'] ?? '');
  for (const d of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(['no-referrer', 'same-origin']).toContain(h['referrer-policy']);
}

describe('security headers', () => {
  it('every response carries CSP, nosniff and a Referrer-Policy: API, static files, 404, errors', async () => {
    const staticDir = tmpDataDir('tsunagu-static-');
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    const srv = await server({ staticDir, tileUrl: 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png' });
    const answers = await Promise.all([
      raw(srv.url, 'GET', '/healthz'),
      raw(srv.url, 'GET', '/api/config'),
      raw(srv.url, 'GET', '/assets/app.js'),
      raw(srv.url, 'GET', '/w/abcdefgh12345678/host'),
      raw(srv.url, 'GET', '/api/nothing-here'),
      raw(srv.url, 'GET', '/missing.png'),
      raw(srv.url, 'POST', '/api/workshops', { body: '{not json' }),
      raw(srv.url, 'GET', '/api/workshops/abcdefgh12345678'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 404, 404, 400, 404]);
    for (const a of answers) expectSecurityHeaders(a.headers);
    // the tile host may serve images; nothing else foreign
    expect(answers[0]!.headers['content-security-policy']).toContain('img-src \'self\' data: blob: https://cyberjapandata.gsi.go.jp');
  });
});

describe('undecodable percent-escapes', () => {
  it('are answered 400 on HTTP routes and on the websocket path, and the server keeps running', async () => {
    const srv = await server();
    const r = await raw(srv.url, 'GET', '/api/workshops/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ error: expect.stringContaining('percent-escape') });
    const r2 = await raw(srv.url, 'GET', '/api/workshops/%E0%A4%A/export.csv');
    expect(r2.status).toBe(400);
    const upgrade = await new Promise<string>((resolve, reject) => {
      const u = new URL(srv.url);
      const req = http.request({ host: u.hostname, port: u.port, path: '/sync/%E0%A4%A?token=x', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('response', (res) => resolve(String(res.statusCode)));
      req.on('upgrade', () => resolve('upgraded'));
      req.on('error', reject);
      req.end();
    });
    expect(upgrade).toBe('400');
    expect((await raw(srv.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('/metrics access', () => {
  it('answers loopback peers, refuses a forwarded request, and accepts the metrics token', async () => {
    const srv = await server({ metricsToken: 'm-secret' });
    expect((await raw(srv.url, 'GET', '/metrics')).status).toBe(200);
    expect((await raw(srv.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    expect((await raw(srv.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer m-secret' } })).status).toBe(200);
    expect((await raw(srv.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong' } })).status).toBe(403);
  });

  it('refuses an address that is not this computer', async () => {
    // Listen on every interface and come in through a non-loopback address of this machine.
    const srv = await server({ host: '0.0.0.0' });
    const lan = Object.values((await import('node:os')).networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!lan) return; // no LAN interface here: the loopback case above still holds
    const r = await raw(`http://${lan.address}:${srv.port}`, 'GET', '/metrics');
    expect(r.status).toBe(403);
  });
});

describe('rate limits on joining and creating', () => {
  it('answers 429 with Retry-After once an address has used its joins; X-Forwarded-For is ignored without a trusted proxy', async () => {
    const srv = await server({ limits: { joinsPerMinute: 3, joinBurst: 3 } });
    const w = await createWorkshop(srv.url);
    const join = (xff?: string) =>
      raw(srv.url, 'POST', '/api/join', { body: JSON.stringify({ code: '000000', name: 'x', role: 'jumin' }), headers: xff ? { 'x-forwarded-for': xff } : {} });
    // wrong codes count too: that is what guessing looks like
    expect((await join()).status).toBe(404);
    expect((await join('198.51.100.1')).status).toBe(404);
    expect((await join('198.51.100.2')).status).toBe(404);
    const refused = await join('198.51.100.3');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body).error).toMatch(/too many/);
    // the right code is refused as well while limited
    const r = await raw(srv.url, 'POST', '/api/join', { body: JSON.stringify({ code: w.joinCode, name: 'x', role: 'jumin' }) });
    expect(r.status).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy: each forwarded client has its own budget', async () => {
    const srv = await server({ limits: { joinsPerMinute: 1, joinBurst: 1 }, trustProxy: ['127.0.0.1'] });
    const join = (xff: string) => raw(srv.url, 'POST', '/api/join', { body: JSON.stringify({ code: '000000', name: 'x', role: 'jumin' }), headers: { 'x-forwarded-for': xff } });
    expect((await join('198.51.100.1')).status).toBe(404);
    expect((await join('198.51.100.1')).status).toBe(429);
    expect((await join('198.51.100.2')).status).toBe(404);
    // a client cannot escape by prepending a fake hop: the right-most untrusted hop counts
    expect((await join('10.9.9.9, 198.51.100.2')).status).toBe(429);
  });

  it('limits creating workshops per address (POST /api/workshops and /from-backup)', async () => {
    const srv = await server({ limits: { workshopsPerHour: 2, workshopBurst: 2 } });
    await createWorkshop(srv.url);
    await createWorkshop(srv.url);
    const r = await raw(srv.url, 'POST', '/api/workshops', { body: JSON.stringify({ title: 't' }) });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(60);
    expect((await raw(srv.url, 'POST', '/api/workshops/from-backup', { body: '{}' })).status).toBe(429);
  });
});

describe('join codes: close, rotate, expire', () => {
  it('a closed code joins nobody (410); rotating issues a fresh code, the old one is gone (404)', async () => {
    const srv = await server();
    const w = await createWorkshop(srv.url);
    await joinWorkshop(srv.url, w.joinCode);
    // only the facilitator
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/join-code/close`, undefined, w.staffToken)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/join-code/close`)).status).toBe(401);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/join-code/close`, undefined, w.facilitatorToken)).status).toBe(200);
    const closed = await api<{ error: string }>(srv.url, 'POST', '/api/join', { code: w.joinCode, name: 'x', role: 'jumin' });
    expect(closed.status).toBe(410);
    expect(closed.body.error).toMatch(/closed/);
    const info = await api<{ joinClosed: boolean }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.facilitatorToken);
    expect(info.body.joinClosed).toBe(true);

    const rotated = await api<{ joinCode: string; joinUrl: string; joinCodeExpiresAt: number }>(srv.url, 'POST', `/api/workshops/${w.id}/join-code/rotate`, undefined, w.facilitatorToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.joinCode).toMatch(/^\d{6}$/);
    expect(rotated.body.joinCode).not.toBe(w.joinCode);
    expect(rotated.body.joinUrl).toContain(`/join?code=${rotated.body.joinCode}`);
    expect(rotated.body.joinCodeExpiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 3_600_000);
    expect((await api(srv.url, 'POST', '/api/join', { code: w.joinCode, name: 'x', role: 'jumin' })).status).toBe(404);
    await joinWorkshop(srv.url, rotated.body.joinCode);
  });

  it('a code expires after joinCodeTtlMs (410) and the old participant tokens keep working', async () => {
    const srv = await server({ joinCodeTtlMs: 0 });
    const w = await createWorkshop(srv.url);
    const r = await api<{ error: string }>(srv.url, 'POST', '/api/join', { code: w.joinCode, name: 'x', role: 'jumin' });
    expect(r.status).toBe(410);
    expect(r.body.error).toMatch(/expired/);
  });
});

describe('revoking and reissuing links', () => {
  it('an old staff token gets 401 at once, its live sockets close with 4401, the new link works; others stay connected', async () => {
    const srv = await server();
    const w = await createWorkshop(srv.url);
    const participant = await joinWorkshop(srv.url, w.joinCode);
    const staffPub = connectClient(srv.url, w.id, w.staffToken);
    const staffRestricted = connectClient(srv.url, w.id, w.staffToken, { restricted: true });
    const other = connectClient(srv.url, w.id, participant);
    clients.push(staffPub, staffRestricted, other);
    await Promise.all([staffPub.synced, staffRestricted.synced, other.synced]);
    const closeCodes = (c: TestClient) =>
      new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve((e as { code: number } | null)?.code ?? 0)));
    const closes = Promise.all([closeCodes(staffPub), closeCodes(staffRestricted)]);
    let otherClosed = false;
    other.provider.on('connection-close', () => (otherClosed = true));

    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/links/staff/reissue`, undefined, w.staffToken)).status).toBe(403);
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/links/facilitator/reissue`, undefined, w.facilitatorToken)).status).toBe(400);
    const re = await api<{ role: string; token: string; url: string; closedConnections: number }>(srv.url, 'POST', `/api/workshops/${w.id}/links/staff/reissue`, undefined, w.facilitatorToken);
    expect(re.status).toBe(200);
    expect(re.body.role).toBe('staff');
    expect(re.body.closedConnections).toBe(2);
    expect(re.body.url).toContain(`/w/${w.id}#token=${encodeURIComponent(re.body.token)}`);
    expect(await closes).toEqual([CLOSE.LINK_REVOKED, CLOSE.LINK_REVOKED]);
    staffPub.provider.disconnect();
    staffRestricted.provider.disconnect();

    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.staffToken)).status).toBe(401);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}/export.csv`, undefined, w.staffToken)).status).toBe(401);
    const fresh = await api<{ role: string }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, re.body.token);
    expect(fresh.body.role).toBe('staff');
    const again = connectClient(srv.url, w.id, re.body.token, { restricted: true });
    clients.push(again);
    await again.synced;
    expect(otherClosed).toBe(false);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, participant)).status).toBe(200);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.facilitatorToken)).status).toBe(200);
  });

  it('reissuing the viewer link revokes every viewer token, including printed viewer links', async () => {
    const srv = await server();
    const w = await createWorkshop(srv.url);
    const printed = await api<{ token: string; url: string }>(srv.url, 'POST', `/api/workshops/${w.id}/viewer-links`, undefined, w.staffToken);
    expect(printed.status).toBe(201);
    expect((await api<{ role: string }>(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, printed.body.token)).body.role).toBe('viewer');
    expect((await api(srv.url, 'POST', `/api/workshops/${w.id}/viewer-links`, undefined, printed.body.token)).status).toBe(403);
    const re = await api<{ token: string }>(srv.url, 'POST', `/api/workshops/${w.id}/links/viewer/reissue`, undefined, w.facilitatorToken);
    expect(re.status).toBe(200);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, printed.body.token)).status).toBe(401);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, w.viewerToken)).status).toBe(401);
    expect((await api(srv.url, 'GET', `/api/workshops/${w.id}`, undefined, re.body.token)).status).toBe(200);
  });
});

describe('import problem list', () => {
  it('lists at most 200 problems and counts the rest', async () => {
    const srv = await server();
    const w = await createWorkshop(srv.url);
    const rows = ['名称,緯度,経度', ...Array.from({ length: 450 }, (_, i) => `場所${i},,`)].join('\n');
    const r = await fetch(`${srv.url}/api/workshops/${w.id}/import?category=ibasho&dryRun=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.facilitatorToken}`, 'content-type': 'text/csv' },
      body: rows,
    });
    const body = (await r.json()) as { problems: unknown[]; moreProblems: number; total: number };
    expect(r.status).toBe(200);
    expect(body.total).toBe(450);
    expect(body.problems).toHaveLength(200);
    expect(body.moreProblems).toBe(250);
  });
});
