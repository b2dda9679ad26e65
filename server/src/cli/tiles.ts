import fs from 'node:fs';
import path from 'node:path';
import { configFromEnv } from '../config.js';
import { MbtilesError } from '../tiles/mbtiles.js';
import { installOfflineSource } from '../tiles/offlineSource.js';
import { estimate, PrefetchJob, storedLabel } from '../tiles/prefetch.js';
import { bboxAround, rangesFor, type BBox } from '../tiles/tileMath.js';
import { TileService } from '../tiles/tileService.js';

const USAGE = `npm run tiles -- <command>   (map tiles for a hall with no internet)

  status                                   what is stored in DATA_DIR (cache and imported map file)
  prefetch --bbox south,west,north,east    fetch every tile of a box (degrees) from TILE_URL
  prefetch --center lat,lng [--radius 1000]   … of a square around a point (metres)
  prefetch --workshop ID --token T [--server http://localhost:8080]
                                           ask the running server to save a workshop's areas
  import FILE.mbtiles|FILE.pmtiles         use an MBTiles or PMTiles (v3, raster) file as the offline source

  options: --zoom 12-18 (default), --data-dir DIR (default DATA_DIR or ./data), --yes (no question)`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mb = (b: number) => `${(b / 1_000_000).toFixed(1)}MB`;

function zoomRange(): [number, number] {
  const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(arg('--zoom') ?? '12-18');
  if (!m) throw new Error('--zoom must look like 12-18');
  const a = Number(m[1]);
  const b = Number(m[2] ?? m[1]);
  if (a > b || b > 20) throw new Error('--zoom must be within 0-20, low-high');
  return [a, b];
}

function numbers(s: string | undefined, n: number, what: string): number[] {
  const v = (s ?? '').split(',').map(Number);
  if (v.length !== n || v.some((x) => !Number.isFinite(x))) throw new Error(`${what} needs ${n} comma-separated numbers`);
  return v;
}

async function viaServer(workshop: string): Promise<void> {
  const server = (arg('--server') ?? 'http://localhost:8080').replace(/\/+$/, '');
  const token = arg('--token');
  if (!token) throw new Error('--workshop needs --token (the facilitator or staff token)');
  const [minZoom, maxZoom] = zoomRange();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const base = `${server}/api/workshops/${encodeURIComponent(workshop)}/tiles`;
  const res = await fetch(`${base}/prefetch`, { method: 'POST', headers, body: JSON.stringify({ minZoom, maxZoom }) });
  const body = (await res.json()) as { error?: string; estimate?: { tiles: number; estimatedBytes: number } };
  if (!res.ok) throw new Error(`${res.status}: ${body.error ?? 'failed'}`);
  console.log(`${body.estimate!.tiles} tiles, about ${mb(body.estimate!.estimatedBytes)}`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const st = (await (await fetch(base, { headers })).json()) as { job: { state: string; done: number; total: number; failed: number }; stored: { label: { ja: string } } };
    process.stdout.write(`\r${st.job.done}/${st.job.total} (${st.job.failed} failed)   `);
    if (st.job.state !== 'running') {
      console.log(`\n${st.job.state}. ${st.stored.label.ja}`);
      return;
    }
  }
}

async function main(): Promise<void> {
  const cmd = process.argv[2];
  const config = configFromEnv();
  const dataDir = arg('--data-dir') ?? config.dataDir;
  if (!cmd || cmd === '--help' || cmd === 'help') return console.log(USAGE);
  if (cmd === 'prefetch' && arg('--workshop')) return viaServer(arg('--workshop')!);

  const service = new TileService({ dataDir, upstreamUrl: config.tileUrl, concurrency: config.tileConcurrency, maxAgeMs: config.tileMaxAgeMs });
  try {
    if (cmd === 'status') {
      const s = await service.stats();
      console.log(`cache ${path.join(dataDir, 'tiles.sqlite')}: ${storedLabel(s).ja}`);
      await service.reloadOffline();
      const m = service.mbtilesStats();
      console.log(m ? `imported ${service.offlineFormat === 'pmtiles' ? 'PMTiles' : 'MBTiles'} «${service.mbtilesName}»: ${storedLabel(m).ja}` : 'no imported map file');
      return;
    }
    if (cmd === 'import') {
      const file = process.argv[3];
      if (!file || !fs.existsSync(file)) throw new Error('import needs an existing .mbtiles or .pmtiles file');
      const tmp = path.join(dataDir, `.import-${process.pid}.tiles`);
      fs.mkdirSync(dataDir, { recursive: true });
      fs.copyFileSync(file, tmp);
      try {
        const r = await installOfflineSource(dataDir, tmp);
        console.log(`imported «${r.name}» → ${r.file}: ${storedLabel(r.stats).ja} (restart the server to use it, or import through the app)`);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      return;
    }
    if (cmd === 'prefetch') {
      const [minZoom, maxZoom] = zoomRange();
      let bbox: BBox;
      if (arg('--bbox')) {
        const [south, west, north, east] = numbers(arg('--bbox'), 4, '--bbox') as [number, number, number, number];
        bbox = { south, west, north, east };
      } else if (arg('--center')) {
        const [lat, lng] = numbers(arg('--center'), 2, '--center') as [number, number];
        bbox = bboxAround(lat, lng, Number(arg('--radius') ?? 1000));
      } else throw new Error('prefetch needs --bbox, --center or --workshop');
      const ranges = rangesFor(bbox, minZoom, maxZoom);
      const est = await estimate(service, ranges);
      console.log(`${est.tiles} tiles at z${minZoom}–${maxZoom}, about ${mb(est.estimatedBytes)}, from ${config.tileUrl} (${config.tileConcurrency} at a time)`);
      const job = new PrefetchJob(service, ranges, config.tileConcurrency);
      process.on('SIGINT', () => job.cancel());
      const timer = setInterval(() => process.stdout.write(`\r${job.progress.done}/${job.progress.total} (${job.progress.failed} failed)   `), 1000);
      const p = await job.finished;
      clearInterval(timer);
      console.log(`\n${p.state}: fetched ${p.fetched}, already stored ${p.skipped}, failed ${p.failed}, ${mb(p.bytes)} in ${((p.finishedAt! - p.startedAt) / 1000).toFixed(1)} s`);
      console.log(storedLabel(await service.stats()).ja);
      if (p.failed) process.exitCode = 2;
      return;
    }
    throw new Error(`unknown command ${cmd}\n\n${USAGE}`);
  } finally {
    service.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof MbtilesError ? `map file import failed: ${err.message}; the current map source is unchanged` : `tiles: ${(err as Error).message}`);
  process.exit(1);
});
