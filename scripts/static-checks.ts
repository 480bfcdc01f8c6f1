/**
 * `npm run static`: the typecheck and the lint side by side. Both are single-threaded and read the
 * same sources; on CI's two cores they finish together instead of one after the other. Each
 * one's output is printed whole when it ends (never interleaved); the exit code is the first
 * failure's, 0 when both pass.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The project's own copy of a tool (npm run puts it on PATH; tsx run directly does not). */
const bin = (name: string): string => join(process.cwd(), 'node_modules', '.bin', name);

interface Check {
  name: string;
  command: string[];
}

const CHECKS: readonly Check[] = [
  { name: 'typecheck', command: [bin('tsc'), '--noEmit'] },
  { name: 'lint', command: [bin('eslint'), '.'] },
];

function run(check: Check): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const [command, ...args] = check.command as [string, ...string[]];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(Buffer.concat(output));
      console.log(`static: ${check.name} ${code === 0 ? 'passed' : `failed (exit ${code ?? 'signal'})`} in ${seconds} s`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(CHECKS.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
