import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './src/browser/chromium';

/** The project's tests of itself: harness units, the reference portal and its flaw catalog. */
export default defineConfig({
  testDir: '.',
  testMatch: ['portal/test/**/*.test.ts', 'src/**/*.test.ts', 'targets/**/*.test.ts', 'scripts/**/*.test.ts'],
  // The per-family detection tests take minutes, not the 60 s they are meant to: on demand
  // (`npm run test:detection`) until they are narrowed; the flaw matrix proves the same in CI.
  testIgnore: process.env.CLOISON_DETECTION === '1' ? [] : ['portal/test/detection/**'],
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list'], ['html', { outputFolder: 'reports/selftest-html', open: 'never' }]],
  outputDir: 'test-results/selftest',
  use: {
    launchOptions: { executablePath: resolveChromium(), args: CHROMIUM_ARGS },
  },
});
