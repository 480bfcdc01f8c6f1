import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The features Playwright turns off (1.65: keep HTTP on HTTP, no background requests to Google,
 * paint and CORS behaviour its driver relies on). Chromium honours the last `--disable-features` it
 * is given, not their union, so a run that turns one more off must repeat these; the self-test
 * `chromium.test.ts` fails when Playwright's own list holds one this one lacks.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Since Chromium 151 every window pre-renders the address bar's WebUI popup in a renderer of its
 * own, headless too, and each browser context of a scan is a window: 36 renderers instead of 18
 * at 8 usagers, and a peak PSS of 2.3-2.5 GB instead of 1.7-2.0 (docs/bench.md).
 */
const SCAN_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Chromium flags that keep a sandboxed, offline machine quiet and deterministic. */
export const CHROMIUM_ARGS = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...SCAN_DISABLED_FEATURES].join(',')}`,
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // A refused visit (an empty-body 4xx) commits an error page in a process of its own, and the
  // next visit to the site starts yet another: two renderers per refusal, most of a UI check's
  // time. Past this soft limit Chromium reuses a process of the same site and browser context
  // instead (site isolation and each context's own processes stay as they are): the default scan
  // went from 88 s to 73-76 s (docs/bench.md).
  '--renderer-process-limit=2',
];

/**
 * Resolver rules that make every host but the allowed ones unresolvable inside Chromium: pages of a
 * target cannot pull a request to a host that was not allowed, and no per-request interception is
 * needed (which would cost a driver round trip per request).
 */
export function hostGuardArgs(allowedHosts: readonly string[]): string[] {
  const excluded = allowedHosts.map((host) => `EXCLUDE ${host.replace(/^\[|\]$/g, '')}`).join(', ');
  return [`--host-resolver-rules=MAP * ~NOTFOUND${excluded ? `, ${excluded}` : ''}`];
}

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export class BrowserNotFoundError extends Error {}

/**
 * The one place that decides which Chromium runs: CHROMIUM_PATH, then Playwright's own
 * browser when it was installed, then the system's. Fails with the way out, never silently.
 */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new BrowserNotFoundError(`CHROMIUM_PATH=${fromEnv}: no such file. Point it at a Chromium binary or unset it.`);
    }
    return fromEnv;
  }
  const bundled = playwrightChromium();
  if (bundled) return bundled;
  const system = SYSTEM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (system) return system;
  throw new BrowserNotFoundError(
    'No Chromium found. Install one with `apt-get install -y chromium` (Debian/Ubuntu) or ' +
      '`npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium binary.',
  );
}

function playwrightChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The flags every Chromium of a run starts with, wherever it is launched. */
export function chromiumArgs(allowedHosts: readonly string[]): string[] {
  return [...CHROMIUM_ARGS, ...hostGuardArgs(allowedHosts)];
}

/** The run's one Chromium, which every worker connects to (see run/browser-endpoint.ts). */
export async function launchBrowserServer(allowedHosts: readonly string[]): Promise<{ wsEndpoint: string; close: () => Promise<void> }> {
  // The runner owns the signals: Playwright's own SIGINT handler would exit the process before the
  // run's teardown removes what it seeded (the teardown closes this browser itself).
  const server = await chromium.launchServer({
    executablePath: resolveChromium(),
    args: chromiumArgs(allowedHosts),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  return { wsEndpoint: server.wsEndpoint(), close: () => server.close() };
}
