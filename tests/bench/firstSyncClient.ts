/**
 * Bench child: one client opening a workshop, in a process of its own, as a newly opened
 * browser tab does (its own heap, its Yjs code not yet run). Times `new WebsocketProvider` →
 * first `sync` and hands back what it received, for the load-time benchmark.
 */
import { itemsMap } from '@tsunagu/shared';
import { connectBenchClient, contentDigest, type ClientSpec } from './benchClient.js';
import { serveCommands } from './childProcess.js';

serveCommands({
  sync: async (spec: unknown) => {
    const t0 = performance.now();
    const client = connectBenchClient(spec as ClientSpec);
    await client.synced;
    const ms = performance.now() - t0;
    const result = { ms, items: itemsMap(client.doc).size, digest: contentDigest(client.doc) };
    client.destroy();
    return result;
  },
});
