import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './src/browser/chromium';

/** The project's tests of itself: harness units, the reference portal and its flaw catalog. */
export default defineConfig({
  testDir: '.',
  testMatch: ['portal/test/**/*.test.ts', 'src/**/*.test.ts', 'targets/**/*.test.ts', 'scripts/**/*.test.ts'],
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
