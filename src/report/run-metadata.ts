/**
 * What a findings report says of its run besides the findings: run id, seed, release, profile and
 * flaws (from this process's environment, else from the config's metadata), and cloison's version.
 */
import { readFileSync } from 'node:fs';
import type { FullConfig } from '@playwright/test/reporter';

const RUN_ENV = {
  runId: 'CLOISON_RUN_ID',
  seed: 'CLOISON_SEED',
  release: 'CLOISON_RELEASE',
  profile: 'CLOISON_PROFILE_NAME',
  profileFile: 'CLOISON_PROFILE',
  portalFlaws: 'PORTAL_FLAWS',
} as const;

/**
 * Run metadata from the environment of this process, falling back to `config.metadata.cloison`
 * (same keys): a merge-reports job on another CI machine does not have the shards' environment,
 * but config metadata travels inside the blob reports.
 */
export function runMetadata(config: FullConfig | undefined): Record<string, unknown> {
  const fromConfig = (config?.metadata as { cloison?: Record<string, unknown> } | undefined)?.cloison ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(RUN_ENV)) {
    const value = process.env[variable] || fromConfig[key];
    if (value === undefined || value === '') continue;
    out[key] = key === 'portalFlaws' && typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  }
  if (config?.shard) out.shard = config.shard;
  return out;
}

let version: string | undefined;

export function cloisonVersion(): string {
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
      version = pkg.version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
