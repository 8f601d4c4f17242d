import { defineConfig } from 'vitest/config';

// End-to-end tests spawn real processes; a shared, loaded 2-core machine needs generous timeouts (tests wait on
// events; these only bound a test that would otherwise hang: under a load of 20 on 2 cores single tests took 60 s).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
