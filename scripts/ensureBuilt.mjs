// `npm start` runs this first: build the client once if client/dist is missing or older than
// its sources, and bundle the server (esbuild, well under a second) so `node` runs it without a
// TypeScript loader. The product starts from a fresh clone with one command.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT as root, SERVER_MAIN, bundleServer } from './buildServer.mjs';

const dist = path.join(root, 'client/dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const builtAt = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
const sources = Math.max(newestMtime(path.join(root, 'client/src')), newestMtime(path.join(root, 'shared/src')));
if (builtAt < sources) {
  console.log('building the client…');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

await bundleServer({ entry: path.join(root, 'server/src/main.ts'), outfile: SERVER_MAIN });
