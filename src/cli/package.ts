import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where cloison's own files live. Installed as a package, that is node_modules/cloison, while the
 * user's profile, population, .env and reports stay relative to the folder the user runs it from:
 * everything the package ships is found from here, never from the working directory.
 */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function packageFile(relative: string): string {
  return path.join(PACKAGE_ROOT, relative);
}

export const PLAYWRIGHT_CONFIG = packageFile('playwright.config.ts');
export const FINDINGS_REPORTER = packageFile('src/report/findings-reporter.ts');

/** True when cloison runs as an installed package (node_modules/cloison), not from its own clone. */
export const INSTALLED = PACKAGE_ROOT.split(path.sep).includes('node_modules');

/**
 * `node <playwright cli> …`, with tsx registered when cloison is installed: Playwright compiles
 * TypeScript only outside node_modules, so the suite of an installed cloison is compiled by tsx, in
 * the runner and in the workers (they are forked with the runner's execArgv). From a clone,
 * Playwright compiles the suite itself, and tsx would only add its loader to every worker's start.
 */
export function playwrightCommand(args: readonly string[]): { command: string; args: string[] } {
  const cli = fileURLToPath(import.meta.resolve('@playwright/test/cli'));
  return { command: process.execPath, args: [...(INSTALLED ? ['--import', import.meta.resolve('tsx')] : []), cli, ...args] };
}
