import fs from 'node:fs';
import * as Y from 'yjs';
const snap = new Uint8Array(fs.readFileSync('/tmp/big.v2'));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 2; i++) {
const t = performance.now(), c = cpu();
const d = new Y.Doc();
Y.applyUpdateV2(d, snap);
console.log(process.execArgv.join(' '), 'wall', (performance.now() - t).toFixed(0), 'cpu', (cpu() - c).toFixed(0), 'rss', (process.memoryUsage().rss/1e6).toFixed(0));
d.destroy();
}
