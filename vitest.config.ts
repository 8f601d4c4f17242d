import { defineConfig } from 'vitest/config';

// End-to-end tests spawn real processes; a shared, loaded 2-core machine needs generous timeouts (tests wait on
// events; these only bound a test that would otherwise hang: under a load of 20 on 2 cores single tests took 60 s).
// Two projects: the in-process tests share one module graph per worker (isolate: false; importing the SDK and src/
// anew for each of these files cost three times their run time), the end-to-end ones keep a fresh worker per file.
const E2E = ['test/e2e/**/*.test.ts', 'test/security/**/*.test.ts', 'test/fixtures/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
