import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../cli/package';
import { TargetError } from '../errors';
import type { Launch } from '../run/target';

/** A target cloison started itself for the doctor (the profile's `launch`), as Playwright's webServer would. */
export interface Started {
  stop(): Promise<void>;
}

/**
 * Starts the profile's launch command through a shell, from the package's folder (as the scan's
 * Playwright webServer does: its folder is the config's), in its own process group so that
 * stopping it stops what the shell started, and waits for its ready page.
 */
export async function startLaunch(launch: Launch, ready: { path: string; timeoutSeconds: number }, env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(launch.command, { cwd: PACKAGE_ROOT, shell: true, detached: true, env: { ...env, ...launch.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killed = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(killed);
  };
  const url = `${launch.url}${ready.path}`;
  const deadline = Date.now() + ready.timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new TargetError(`launch.command exited (${child.exitCode}) before answering ${url}: ${stderr.trim().split('\n').at(-1) ?? ''}`, { field: 'launch.command' });
    // Ready as Playwright's webServer judges it (2xx, 3xx, 400-403): a target still starting may
    // answer 503 at its ready page, and the doctor would then meet it half-started.
    const answered = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) }).then(
      async (answer) => (await answer.arrayBuffer(), answer.status >= 200 && answer.status < 404),
      () => false,
    );
    if (answered) return { stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new TargetError(`the target started by launch.command did not answer ${url} within ${ready.timeoutSeconds} s`, { field: 'launch.readyTimeoutSeconds' });
}
