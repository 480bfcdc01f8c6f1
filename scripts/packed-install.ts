import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/cli/package';

/** For the self-tests: cloison as a QA team gets it, `npm pack` then an install into an empty folder. */

const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface PackedInstall {
  /** The temporary folder holding the tarball and `app`; the caller removes it. */
  dir: string;
  /** The user's project: a package.json, node_modules/cloison, nothing of this repository. */
  app: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout: number): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd}: exit ${String(result.status)}\n${result.stderr}`);
  return result;
}

/**
 * Packs this repository and installs the tarball into an empty project, offline: the repository's
 * lock pins what its own install put in the npm cache, so no registry and no build is needed.
 */
export function installPacked(): PackedInstall {
  const dir = mkdtempSync(path.join(tmpdir(), 'cloison-package-'));
  const app = path.join(dir, 'app');
  const packed = run('npm', ['pack', '--pack-destination', dir, '--json'], PACKAGE_ROOT, 120_000);
  const tarball = `file:../${(JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename}`;
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'qa-app', private: true, devDependencies: { cloison: tarball } }, null, 2)}\n`);
  writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(lockFor(tarball), null, 2));
  run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app, 300_000);
  // better-sqlite3 (the reference portal's database) would build from source: its binary is the
  // repository's, same version, same Node.
  const binary = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  mkdirSync(path.dirname(path.join(app, binary)), { recursive: true });
  copyFileSync(path.join(PACKAGE_ROOT, binary), path.join(app, binary));
  return { dir, app };
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** A lock for a project depending on the tarball alone: the repository's runtime packages, as locked. */
function lockFor(tarball: string): unknown {
  const repo = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const own = repo.packages[''] as LockEntry & { dependencies: Record<string, string> };
  const packages: Record<string, unknown> = {
    '': { name: 'qa-app', devDependencies: { cloison: tarball } },
    'node_modules/cloison': { version: VERSION, resolved: tarball, dev: true, dependencies: own.dependencies, bin: { cloison: 'bin/cloison.mjs' }, engines: own.engines },
  };
  for (const [key, entry] of Object.entries(repo.packages)) {
    if (key === '' || entry.dev || entry.link) continue;
    const { devOptional: _devOptional, ...rest } = entry;
    packages[key] = { ...rest, dev: true };
  }
  return { name: 'qa-app', lockfileVersion: 3, requires: true, packages };
}
