/**
 * vitest configuration: every test under test/, generous timeouts for the whole-run tests
 * (they count virtual time, so they never depend on the machine's speed for their verdict).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
