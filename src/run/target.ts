import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors';
import { loadProfile } from '../profile/load';
import type { Profile } from '../profile/types';
import { allowedHosts, readSettings, type Settings } from '../settings/settings';

/** Where and how long to wait for a launched target to serve (Playwright's webServer, the doctor). */
export function readyOf(launch: Profile['launch']): { path: string; timeoutSeconds: number } {
  return { path: launch?.readyPath ?? '/', timeoutSeconds: launch?.readyTimeoutSeconds ?? 30 };
}

export interface Launch {
  command: string;
  url: string;
  env: Record<string, string>;
}

/** Where this run points: the validated profile, the base URL and the hosts it may reach. */
export interface Target {
  settings: Settings;
  profile: Profile;
  baseURL: string;
  allowedHosts: string[];
  /** Set when cloison starts the target itself (the embedded reference portal). */
  launch?: Launch;
}

/** Reads this process's settings (once), or those of an explicit environment (tools, tests). */
export function resolveTarget(env?: NodeJS.ProcessEnv): Target {
  const settings = readSettings(env);
  const profile = loadProfile(settings.profileFile);
  const hosts = allowedHosts(profile.allowedHosts, settings);
  const launch = settings.baseURLOverride ? undefined : launchOf(profile, settings);
  const baseURL = settings.baseURLOverride ?? launch?.url ?? profile.baseURL.replace(/\/$/, '');
  const host = new URL(baseURL).hostname;
  if (!hosts.includes(host)) {
    throw new ConfigError(
      settings.baseURLOverride ? 'CLOISON_BASE_URL' : 'baseURL',
      `host "${host}" is not allowed: cloison only reaches loopback unless the host is in the profile's allowedHosts and in CLOISON_ALLOWED_HOSTS`,
    );
  }
  return { settings, profile, baseURL, allowedHosts: hosts, launch };
}

/**
 * The provisioning token of a run that starts its own target: one fresh token per run, which the
 * config puts in the environment the workers and the portal inherit, never in `launch.env`:
 * Playwright records its config (webServer.env included) in blob reports, and merge-reports
 * copies it on. Empty when the target is not started here or not provisioned through an API.
 */
export function launchTokenVariables(target: Target, env: NodeJS.ProcessEnv): Record<string, string> {
  const { profile, launch } = target;
  const tokenName = profile.launch?.provisioningTokenEnv;
  if (!launch || !tokenName || profile.provisioning.mode !== 'api') return {};
  const token = env[profile.provisioning.tokenEnv] ?? randomBytes(24).toString('base64url');
  return { [profile.provisioning.tokenEnv]: token, [tokenName]: token };
}

function launchOf(profile: Profile, settings: Settings): Launch | undefined {
  const launch = profile.launch;
  if (!launch) return undefined;
  const port = settings.port ?? launch.port;
  const launchEnv: Record<string, string> = Object.fromEntries(
    Object.entries(launch.env ?? {}).map(([name, value]) => [name, value.replaceAll('{port}', String(port))]),
  );
  if (launch.flawsEnv) launchEnv[launch.flawsEnv] = settings.flaws;
  return {
    command: launch.command.replaceAll('{port}', String(port)),
    url: `http://127.0.0.1:${port}`,
    env: launchEnv,
  };
}

/** Refuses, before sending, any URL whose host was not allowed. */
export function assertAllowedUrl(url: string | URL, hosts: readonly string[]): void {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname;
  if (!hosts.includes(host)) throw new ConfigError('request', `to host "${host}" refused: not in the allowed hosts (${hosts.join(', ')})`);
}
