import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`, run by CI): SIGKILL rounds under write load,
 * websocket frame fuzzing, storage turned read-only mid-run. One file at a time: each drives
 * a real server process plus 20 clients on a 2-core machine. Whole suite: about 2 minutes.
 */
export default defineConfig({
  test: {
    name: 'faults',
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    testTimeout: 150_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
