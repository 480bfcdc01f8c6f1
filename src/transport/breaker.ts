/**
 * The run's circuit breaker: when the target stops answering, the run stops, once, saying so,
 * instead of failing every remaining test on its own connection error minutes later.
 *
 * A worker that meets a connection-level failure asks the target's origin again, once a second
 * for three seconds; if nothing answers, it writes `target-gone.json` in the run's folder and every
 * later send of any worker is refused without leaving. Playwright's main process (global setup)
 * watches for that file and stops the run as an interruption.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TargetError } from '../errors';
import { runDir, stateFile } from '../run/state';

/** Environment variable carrying the target's origin to the workers (set by the config). */
export const TARGET_ORIGIN_ENV = 'CLOISON_TARGET_ORIGIN';

export interface TargetGone {
  /** ISO time the target was found gone. */
  at: string;
  reason: string;
}

export class TargetGoneError extends TargetError {}

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|socket hang up|net::ERR_(CONNECTION|ADDRESS|EMPTY_RESPONSE|TIMED_OUT)|no answer after/;

export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const text = `${typeof code === 'string' ? code : ''} ${error instanceof Error ? error.message : String(error)} ${typeof cause?.code === 'string' ? cause.code : ''}`;
  return CONNECTION_FAILURE.test(text);
}

export function goneFile(runId: string): string {
  return join(runDir(runId), 'target-gone.json');
}

export function readGone(runId: string): TargetGone | undefined {
  const file = goneFile(runId);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TargetGone;
  } catch {
    return { at: new Date().toISOString(), reason: 'unknown' };
  }
}

export function goneMessage(gone: TargetGone, notSent: number): string {
  return `cloison: target gone at ${gone.at} (${gone.reason}), probes of ${notSent} tests not sent: the run stopped, nothing after that moment was checked.`;
}

let gone: TargetGone | undefined;
let lastLook = 0;
let confirming: Promise<boolean> | undefined;

function runId(env: NodeJS.ProcessEnv): string | undefined {
  return env.CLOISON_RUN_ID || undefined;
}

/** Refuses to send once the target is known gone (by this worker or another). */
export function assertTargetAlive(env: NodeJS.ProcessEnv = process.env): void {
  // Every probe passes here: the environment (a native getter) is read only when it is time to look.
  if (!gone && Date.now() - lastLook > 250) {
    lastLook = Date.now();
    const id = runId(env);
    if (id) gone = readGone(id);
  }
  if (gone) throw new TargetGoneError('not sent: the target stopped answering, the run stops');
}

/**
 * Called with a send's failure: when it is a connection failure and the target's origin does not
 * answer for three seconds, the target is declared gone (for every worker) and a TargetGoneError
 * replaces the failure. Otherwise returns, and the caller rethrows its own error.
 */
export async function judgeFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const origin = env[TARGET_ORIGIN_ENV];
  const id = runId(env);
  if (!origin || !id || error instanceof TargetGoneError || !isConnectionFailure(error)) return;
  // Only a target that answered can stop answering: until the setup has proven it there (the run
  // state is written), a failure is the setup's own error, named as such (target unreachable...).
  if (!existsSync(stateFile(id))) return;
  confirming ??= confirmGone(origin).finally(() => (confirming = undefined));
  if (!(await confirming)) return;
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ?? 'no answer';
  gone ??= readGone(id) ?? { at: new Date().toISOString(), reason };
  try {
    mkdirSync(runDir(id), { recursive: true, mode: 0o700 });
    if (!existsSync(goneFile(id))) writeFileSync(goneFile(id), JSON.stringify(gone));
  } catch {
    // This worker stops sending all the same; the others find out on their own failure.
  }
  throw new TargetGoneError(`the target stopped answering (${reason}): the run stops`);
}

async function confirmGone(origin: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const answered = await fetch(origin, { redirect: 'manual', signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (answered) return false;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return true;
}
