// `npm start`: build what is missing (scripts/ensureBuilt.mjs), then run the bundled server on
// plain `node` in a child process whose allocator returns freed memory to the system.
//
// glibc keeps freed native memory (SQLite's page cache churn, socket and parser buffers) in the
// process and raises its own thresholds as it goes, so a long-running server's RSS creeps up
// with every phone that joins. Fixed trim/mmap thresholds (the documented MALLOC_*_ environment
// tunables, read only at process start — hence the child) keep the RSS per connection near the
// JavaScript heap's share. They are ignored where the C library is not glibc.
import { spawn } from 'node:child_process';
import { MALLOC_ENV, NODE_FLAGS, SERVER_MAIN } from './buildServer.mjs';
import './ensureBuilt.mjs';

const child = spawn(process.execPath, ['--enable-source-maps', ...NODE_FLAGS, SERVER_MAIN], {
  stdio: 'inherit',
  env: { ...MALLOC_ENV, ...process.env },
});
// The server saves every workshop on SIGTERM/SIGINT; pass them on and leave with its exit code.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
