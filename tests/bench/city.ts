import * as Y from 'yjs';
import { addItem, addPin } from '@tsunagu/shared';
import { connectYClient } from '../helpers/yClient.js';
import { startChild, type BenchChild } from './childProcess.js';
import { mark, printTable } from './table.js';

/**
 * Issue 14 — the city (section `city`): an organisation of 30 district workshops × 300 public
 * pins. Reports the city view data (GET /api/orgs/:org/city) on the first request, when every
 * workshop's digest is computed from the stored documents (cold), and on the second (warm:
 * 30 stored digests), whether the 30 rooms stayed unloaded, and the server's RSS.
 *
 * `seedCityOrg(url)` is the hook the browser rows (branch city-client: city map first render,
 * pan p95) call to build the same organisation on their own server: it needs a laptop server
 * (embedded SQLite: the default organisation's coordinator link from
 * GET /api/local/coordinator-link) and returns the organisation's id and coordinator token.
 */
export interface SeededCity {
  orgId: string;
  coordinatorToken: string;
  workshopIds: string[];
  pins: number;
}

const KAWAGOE: [number, number] = [35.9251, 139.4858];
const RESOURCE_NAMES = ['ふれあいサロン', '子ども食堂ひまわり', '中央公民館', '地域包括支援センター', '移動販売とくし丸', '集会所', 'コミュニティカフェ', '避難所（小学校）'];
const RESOURCE_CATS = ['ibasho', 'kodomo-shokudo', 'kayoi', 'sodan', 'idohanbai', 'iryo-kaigo'];
const NEED_CATS = ['mimamori', 'koreikaigo', 'kosodate', 'ido', 'bosai', 'sumai'];

async function json<T>(url: string, method: string, body: unknown, token?: string): Promise<T> {
  // a GET is retried once when the connection drops (a kept-alive socket closed by the server under load)
  const res = await fetchOnce().catch((err: unknown) => (method === 'GET' ? fetchOnce() : Promise.reject(err instanceof Error ? err : new Error(String(err)))));
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
  function fetchOnce() {
    return fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

/** A grid of `n` square districts (~1.1 km) around Kawagoe, as one GeoJSON FeatureCollection. */
function districtGrid(n: number): { type: 'FeatureCollection'; features: unknown[] } {
  const cols = Math.ceil(Math.sqrt(n));
  const d = 0.01;
  const features = Array.from({ length: n }, (_, i) => {
    const lat = KAWAGOE[0] - (cols / 2) * d + Math.floor(i / cols) * d;
    const lng = KAWAGOE[1] - (cols / 2) * d + (i % cols) * d;
    return {
      type: 'Feature',
      properties: { name: `第${i + 1}小学校区` },
      geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]] },
    };
  });
  return { type: 'FeatureCollection', features };
}

/**
 * Build the organisation: 30 units (小学校区 outlines in a grid), one workshop per unit, each
 * filled with `pins` public pins (half resources, half needs at their coarse points) by one
 * facilitator y-websocket client in one transaction; resolves when the server holds them all
 * and every client has left (the rooms then unload after the server's idle delay).
 */
export async function seedCityOrg(url: string, opts: { workshops?: number; pins?: number; concurrency?: number } = {}): Promise<SeededCity> {
  const n = opts.workshops ?? 30;
  const pins = opts.pins ?? 300;
  const link = await json<{ url: string }>(`${url}/api/local/coordinator-link`, 'GET', undefined);
  const coordinatorToken = /#token=(.+)$/.exec(link.url)![1]!;
  const orgId = 'default';
  const units = await json<{ units: { id: string; name: string; geometry: { coordinates: number[][][] } }[] }>(
    `${url}/api/orgs/${orgId}/units/import`,
    'POST',
    { geojson: districtGrid(n), level: 'school', nameProperty: 'name' },
    coordinatorToken,
  );
  const workshopIds: string[] = [];
  const queue = units.units.slice(0, n);
  const wsBase = url.replace(/^http/, 'ws') + '/sync';
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      const created = await json<{ id: string; facilitatorToken: string }>(`${url}/api/orgs/${orgId}/workshops`, 'POST', { title: `${u.name} ワークショップ`, unitId: u.id }, coordinatorToken);
      workshopIds.push(created.id);
      const [lng0, lat0] = u.geometry.coordinates[0]![0]!;
      const c = connectYClient(wsBase, created.id, created.facilitatorToken);
      await c.synced;
      c.doc.transact(() => {
        for (let i = 0; i < pins; i++) {
          const lat = lat0! + 0.0005 + ((i * 37) % 100) / 11_000;
          const lng = lng0! + 0.0005 + ((i * 61) % 100) / 11_000;
          if (i % 2 === 0) addItem(c.doc, { text: `${RESOURCE_NAMES[i % RESOURCE_NAMES.length]} ${i}`, category: RESOURCE_CATS[i % RESOURCE_CATS.length]!, lat, lng, address: '川越市中央町1-1' });
          else addPin(c.doc, { text: `坂道が多くて買い物が大変 ${i}`, category: NEED_CATS[i % NEED_CATS.length]!, lat, lng });
        }
      });
      // the server holds them all when its answer counts them (the room is open: no reload)
      for (let tries = 0; ; tries++) {
        const info = await json<{ counts: { pins: number } }>(`${url}/api/workshops/${created.id}`, 'GET', undefined, created.facilitatorToken);
        if (info.counts.pins >= pins) break;
        if (tries > 500) throw new Error('seeded pins did not reach the server');
        await new Promise((r) => setTimeout(r, 20));
      }
      c.destroy();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  return { orgId, coordinatorToken, workshopIds, pins: n * pins };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/**
 * Start the city bench server (serverCity.ts: its own process; `staticDir`/`tileUrl` make it
 * serve the built client and a tile server for browser rows), seed the organisation
 * (seedCityOrg), wait until every workshop's room has unloaded, then run `fn`. The server stops
 * afterwards. The browser rows (branch city-client) call this with their own `fn`.
 */
export async function withSeededCity<T>(
  opts: { workshops: number; pins: number; staticDir?: string; tileUrl?: string },
  fn: (ctx: { url: string; seeded: SeededCity; seedMs: number; child: BenchChild }) => Promise<T>,
): Promise<T> {
  const env: Record<string, string> = {};
  if (opts.staticDir) env.BENCH_STATIC_DIR = opts.staticDir;
  if (opts.tileUrl) env.BENCH_TILE_URL = opts.tileUrl;
  const child = await startChild('serverCity.ts', env);
  try {
    const url = child.info.url as string;
    const t0 = performance.now();
    const seeded = await seedCityOrg(url, { workshops: opts.workshops, pins: opts.pins });
    const seedMs = performance.now() - t0;
    // every workshop's room unloads (saved, compacted) before the city view is asked for
    const until = Date.now() + 120_000;
    while ((await child.call<string[]>('rooms')).length > 0) {
      if (Date.now() > until) throw new Error('rooms did not unload');
      await new Promise((r) => setTimeout(r, 100));
    }
    return await fn({ url, seeded, seedMs, child });
  } finally {
    await child.stop();
  }
}

export async function runCity(opts: { workshops: number; pins: number }): Promise<boolean> {
  return withSeededCity(opts, async ({ url, seeded, seedMs, child }) => {
    const before = await child.call<{ rss: number }>('memory');
    const cityUrl = `${url}/api/orgs/${seeded.orgId}/city`;
    const timed = async () => {
      const t = performance.now();
      const res = await fetch(cityUrl, { headers: { authorization: `Bearer ${seeded.coordinatorToken}` } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`city: ${res.status}`);
      const data = JSON.parse(new TextDecoder().decode(body)) as { pins: { workshopId: string; itemId: string; kind: string }[]; lifted: unknown[] };
      return { ms: performance.now() - t, bytes: body.byteLength, pins: data.pins.length, data };
    };
    const cold = await timed();
    const roomsAfterCold = await child.call<string[]>('rooms');
    const again = await timed();
    // one workshop changes (its facilitator lifts an issue): its digest is recomputed, the
    // others are read from the store and the answer is built again
    const wid = seeded.workshopIds[0]!;
    const need = cold.data.pins.find((p) => p.workshopId === wid && p.kind === 'need')!;
    const opened = await (await fetch(`${url}/api/orgs/${seeded.orgId}/workshops/${wid}/open`, { method: 'POST', headers: { authorization: `Bearer ${seeded.coordinatorToken}` } })).json() as { token: string };
    const lift = await fetch(`${url}/api/workshops/${wid}/lift`, { method: 'POST', headers: { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ itemId: need.itemId, lifted: true }) });
    if (!lift.ok) throw new Error(`lift: ${lift.status}`);
    const until = Date.now() + 60_000;
    while ((await child.call<string[]>('rooms')).length > 0) {
      if (Date.now() > until) throw new Error('the lifted workshop did not unload');
      await new Promise((r) => setTimeout(r, 100));
    }
    const changed = await timed();
    // the map's own answer (what the coordinator's map asks for first) and the resource list
    const part = async (view: string) => {
      const t = performance.now();
      const res = await fetch(`${cityUrl}/${view}`, { headers: { authorization: `Bearer ${seeded.coordinatorToken}` } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`city/${view}: ${res.status}`);
      return { ms: performance.now() - t, bytes: body.byteLength, data: JSON.parse(new TextDecoder().decode(body)) as { pins?: { itemId: string[] } } };
    };
    const mapPart = await part('map');
    const mapAgain = await part('map');
    const resourcesPart = await part('resources');
    const mapPins = mapPart.data.pins?.itemId.length ?? 0;
    const roomsAfter = await child.call<string[]>('rooms');
    const after = await child.call<{ rss: number; peakRss: number }>('memory');
    const lifted = changed.data.lifted.length;
    const ok = again.ms <= 1000 && changed.ms <= 1000 && mapAgain.ms <= 1000 && mapPins === seeded.pins && roomsAfter.length === 0 && roomsAfterCold.length === 0 && changed.pins === seeded.pins && lifted === 1;
    printTable(
      `Issue 14 — the city: ${opts.workshops} workshops × ${opts.pins} pins (city)`,
      ['measure', 'value', 'goal', ''],
      [
        ['seeding (HTTP + one y-websocket client per workshop)', `${(seedMs / 1000).toFixed(1)} s`, '—', mark(null)],
        [`city view data, 1st request (cold: ${opts.workshops} digests computed from the stored documents)`, `${cold.ms.toFixed(0)} ms`, '—', mark(null)],
        ['city view data, 2nd request (nothing changed: the same answer)', `${again.ms.toFixed(0)} ms`, '≤ 1000 ms', mark(again.ms <= 1000)],
        [`after one workshop changed (1 digest recomputed, ${opts.workshops - 1} read)`, `${changed.ms.toFixed(0)} ms`, '≤ 1000 ms', mark(changed.ms <= 1000)],
        ['pins / lifted issues in the answer; answer size', `${changed.pins} / ${lifted}; ${(changed.bytes / 1024).toFixed(0)} KiB`, `${seeded.pins} / 1`, mark(changed.pins === seeded.pins && lifted === 1)],
        [
          'the map\'s answer (/city/map: pins as columns), 1st / 2nd request; pins; size',
          `${mapPart.ms.toFixed(0)} / ${mapAgain.ms.toFixed(0)} ms; ${mapPins}; ${(mapPart.bytes / 1024).toFixed(0)} KiB`,
          `≤ 1000 ms; ${seeded.pins}`,
          mark(mapAgain.ms <= 1000 && mapPins === seeded.pins),
        ],
        ['the merged resource list (/city/resources); size', `${resourcesPart.ms.toFixed(0)} ms; ${(resourcesPart.bytes / 1024).toFixed(0)} KiB`, '—', mark(null)],
        ['workshop rooms loaded after the city requests', `${roomsAfter.length} of ${opts.workshops}`, '0', mark(roomsAfter.length === 0 && roomsAfterCold.length === 0)],
        ['server RSS before / after serving the city (peak)', `${mb(before.rss)} / ${mb(after.rss)} (${mb(after.peakRss)})`, '—', mark(null)],
      ],
    );
    return ok;
  });
}
