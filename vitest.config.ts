/**
 * vitest configuration: every test under test/, generous timeouts for the whole-run tests
 * (they count virtual time, so they never depend on the machine's speed for their verdict).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One test file per core (vitest's default leaves one core idle): on 2 cores the suite
    // takes about 2.7 minutes instead of 3.
    maxWorkers: '100%',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
