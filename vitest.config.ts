import { defineConfig } from 'vitest/config';

// End-to-end tests spawn real processes; a shared, loaded 2-core machine needs generous timeouts (tests wait on
// events; these only bound a test that would otherwise hang).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
