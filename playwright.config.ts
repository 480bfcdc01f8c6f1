import 'dotenv/config';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, resolveChromium } from './src/browser/chromium';
import { ConfigError } from './src/errors';
import { PASSWORD_KEY_ENV, passwordKey } from './src/population/credentials';
import { TARGET_ORIGIN_ENV } from './src/transport/breaker';
import { rosterOf } from './src/provisioning/roster';
import { launchTokenVariables, readyOf, resolveTarget, type Target } from './src/run/target';

/**
 * The security suite: a setup project seeds the population and signs everyone in, then the
 * security project probes. retries: 0, always: a leak that passes on retry is a leak, not a flake.
 */
function target(): Target {
  try {
    const resolved = resolveTarget();
    // Workers re-evaluate this file: they must share the run id and seed picked here.
    process.env.CLOISON_RUN_ID = resolved.settings.runId;
    process.env.CLOISON_SEED = String(resolved.settings.seed);
    process.env.CLOISON_PROFILE_NAME = resolved.profile.name;
    process.env[TARGET_ORIGIN_ENV] = resolved.baseURL;
    Object.assign(process.env, launchTokenVariables(resolved, process.env));
    // Drawn here, in the runner, so every worker inherits the same key: a worker drawing its own
    // could not sign a seeded person in again.
    process.env[PASSWORD_KEY_ENV] = passwordKey();
    // The population spec (and accounts file) are read here once: a mistake in them is one line,
    // not one stack trace per spec file that declares its tests from the roster.
    rosterOf(resolved.settings);
    return resolved;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`cloison: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

const { settings, baseURL, launch, profile, allowedHosts } = target();
// The user's folder, not this file's: Playwright resolves reporter and output paths from the
// config's folder, which is node_modules/cloison when cloison runs as an installed package.
const reports = path.resolve(settings.reportDir);

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: settings.workers ?? 2,
  timeout: 180_000,
  globalTimeout: 30 * 60_000,
  // The run's rate limiter, and the end of every session the run opened, whatever its outcome.
  globalSetup: './src/lifecycle/global-setup.ts',
  outputDir: `${reports}/test-results`,
  reporter: [
    // The flaw matrix runs the suite dozens of times: it reads findings.json and needs no HTML.
    ...(process.env.CLOISON_QUIET ? [] : ([[process.env.CI ? 'dot' : 'list'], ['html', { outputFolder: `${reports}/html`, open: 'never' }]] as const)),
    // `npm run scan` (scripts/scan.ts) reads the verdict from this file: it names the same one.
    ['./src/report/findings-reporter.ts', { outputFile: path.resolve(process.env.CLOISON_FINDINGS_FILE || `${reports}/findings.json`) }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    // After junit: an interrupted, timed-out or crashed run is a failure there too.
    ['./src/report/junit-run.ts', { outputFile: `${reports}/junit.xml` }],
    // Sharded runs (CI matrix): each shard leaves a blob for `npm run merge-reports`.
    ...(process.env.CLOISON_BLOB ? ([['blob', { outputDir: `${reports}/blob` }]] as const) : []),
  ],
  use: {
    baseURL,
    launchOptions: { executablePath: resolveChromium(), args: chromiumArgs(allowedHosts) },
    trace: 'off',
    screenshot: 'off',
  },
  webServer: launch
    ? {
        command: launch.command,
        url: `${launch.url}${readyOf(profile.launch).path}`,
        env: launch.env,
        reuseExistingServer: false,
        timeout: readyOf(profile.launch).timeoutSeconds * 1000,
        stdout: 'ignore',
        stderr: 'pipe',
      }
    : undefined,
  projects: [
    { name: 'setup', testMatch: /setup\/.*\.setup\.ts$/ },
    { name: 'security', testMatch: /.*\.spec\.ts$/, dependencies: ['setup'] },
  ],
});
