import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors';
import { loadProfile } from '../profile/load';
import type { Profile } from '../profile/types';
import { allowedHosts, readSettings, type Settings } from '../settings/settings';

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

export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const settings = readSettings(env);
  const profile = loadProfile(settings.profileFile);
  const hosts = allowedHosts(profile.allowedHosts, settings);
  const launch = settings.baseURLOverride ? undefined : launchOf(profile, settings, env);
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

function launchOf(profile: Profile, settings: Settings, env: NodeJS.ProcessEnv): Launch | undefined {
  const launch = profile.launch;
  if (!launch) return undefined;
  const port = settings.port ?? launch.port;
  const launchEnv: Record<string, string> = Object.fromEntries(
    Object.entries(launch.env ?? {}).map(([name, value]) => [name, value.replaceAll('{port}', String(port))]),
  );
  if (launch.provisioningTokenEnv && profile.provisioning.mode === 'api') {
    // One fresh token per run, shared with the workers and the portal through the environment
    // they inherit, never through `launch.env`: Playwright records its config (webServer.env
    // included) in blob reports, and merge-reports copies it on.
    const tokenEnv = profile.provisioning.tokenEnv;
    env[tokenEnv] ??= randomBytes(24).toString('base64url');
    env[launch.provisioningTokenEnv] = env[tokenEnv];
  }
  if (launch.flawsEnv) launchEnv[launch.flawsEnv] = settings.flaws;
  return {
    command: launch.command.replaceAll('{port}', String(port)),
    url: `http://127.0.0.1:${port}`,
    env: launchEnv,
  };
}

/** Refuses, before sending, any URL whose host was not allowed. */
export function assertAllowedUrl(url: string, hosts: readonly string[]): void {
  const host = new URL(url).hostname;
  if (!hosts.includes(host)) throw new ConfigError('request', `to host "${host}" refused: not in the allowed hosts (${hosts.join(', ')})`);
}
