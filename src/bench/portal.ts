import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Profile } from '../profile/types';
import type { RequestCounts } from './request-counter';

/** A reference portal the benchmark started itself, with the request counter preloaded. */
export interface BenchPortal {
  baseURL: string;
  port: number;
  pid: number;
  /** The provisioning token this portal accepts (fresh per portal). */
  token: string;
  tokenEnv: string;
  startMs: number;
  /** Stops the portal (SIGTERM, then SIGKILL) and returns what it counted. */
  stop(): Promise<RequestCounts | undefined>;
}

const COUNTER = resolve('src/bench/request-counter.ts');

/** Starts the profile's own launch command on `port`, a fresh in-memory database, no flaws. */
export async function startPortal(profile: Profile, port: number, countFile: string): Promise<BenchPortal> {
  const launch = profile.launch;
  if (!launch || profile.provisioning.mode !== 'api') throw new Error(`profile ${profile.name}: the benchmark needs a launchable target provisioned through its API`);
  if (!launch.command.startsWith('node ')) throw new Error(`profile ${profile.name}: launch command is not "node ...": cannot preload the request counter`);
  // Split on blanks: the reference portal's command has no quoting, and no shell stands between.
  const [bin, ...args] = withPreload(launch.command.replaceAll('{port}', String(port)).split(/\s+/), COUNTER);
  const token = randomBytes(24).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(launch.env ?? {}).map(([name, value]) => [name, value.replaceAll('{port}', String(port))])),
    BENCH_COUNT_FILE: countFile,
    BENCH_PROVISIONING_HEADER: profile.provisioning.tokenHeader,
  };
  if (launch.provisioningTokenEnv) env[launch.provisioningTokenEnv] = token;
  if (launch.flawsEnv) env[launch.flawsEnv] = '';
  rmSync(countFile, { force: true });

  const started = performance.now();
  const child = spawn(bin as string, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${baseURL}${launch.readyPath ?? '/'}`, child, () => stderr);
  } catch (error) {
    // A portal that never answered is still a process holding its port: never leave it behind.
    child.kill('SIGTERM');
    throw error;
  }
  const startMs = performance.now() - started;
  return {
    baseURL,
    port,
    pid: child.pid as number,
    token,
    tokenEnv: profile.provisioning.tokenEnv,
    startMs,
    stop: () => stopPortal(child, countFile),
  };
}

/** Adds `--import module` after node's own options (loaders such as tsx come first), before the script. */
export function withPreload(argv: readonly string[], module: string): string[] {
  const takesValue = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
  const script = argv.findIndex((arg, index) => index > 0 && !arg.startsWith('-') && !takesValue.has(argv[index - 1] ?? ''));
  if (script < 0) throw new Error(`no script in the launch command "${argv.join(' ')}"`);
  return [...argv.slice(0, script), '--import', module, ...argv.slice(script)];
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  // 60 s: on a loaded 2-core machine a portal under tsx can take more than 30 s to answer.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`portal exited (${child.exitCode}) before answering ${url}: ${stderr()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`portal did not answer ${url} within 60 s: ${stderr()}`);
}

async function stopPortal(child: ChildProcess, countFile: string): Promise<RequestCounts | undefined> {
  if (child.exitCode === null && child.pid !== undefined) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killed);
  }
  return existsSync(countFile) ? (JSON.parse(readFileSync(countFile, 'utf8')) as RequestCounts) : undefined;
}
