import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL binaries (package `postgresql`, newest major installed); PARSE_PG_BIN overrides. */
function binDir(): string {
  if (process.env.PARSE_PG_BIN) return process.env.PARSE_PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL under ${root} (apt-get install postgresql, or set PARSE_PG_BIN)`);
  return join(root, newest, 'bin');
}

export interface Postgres {
  /** `postgres://…` for Parse Server: a role and a database of this cluster only. */
  uri: string;
  port: number;
  /** A fresh database of the same role, for one more Parse Server on this cluster (self-tests). */
  database: (name: string) => string;
  stop: () => void;
}

/**
 * A throw-away PostgreSQL cluster: initdb into a fresh temporary directory, start it on a free
 * loopback port, create one role (random password) and its database. As root, every step runs as
 * the `postgres` user, who must own the data directory. `stop()` stops it and deletes everything.
 *
 * The postmaster is this process's child, not started by `pg_ctl start`: pg_ctl detaches it into a
 * session of its own, so a runner that kills the target's process group (Playwright's webServer
 * does, with SIGKILL) would leave it running. As a child it dies with the group.
 */
export async function startPostgres(options: { port?: number } = {}): Promise<Postgres> {
  const BIN = binDir();
  const port = options.port ?? (await freePort());
  const root = mkdtempSync(join(tmpdir(), 'cloison-parse-pg-'));
  const data = join(root, 'data');
  const socket = join(root, 'run');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socket, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const dir of [root, data, socket]) chownSync(dir, uid, gid);
  }
  const as = (binary: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args]] : [join(BIN, binary), args]);
  const run = (binary: string, args: string[]): void => {
    const result = spawnSync(...as(binary, args), { encoding: 'utf8', cwd: root });
    if (result.status !== 0) throw new Error(`${binary} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || String(result.error)).trim().split('\n').slice(-3).join(' | ')}`);
  };
  let postmaster: ChildProcess | undefined;
  const stop = (): void => {
    if (postmaster && postmaster.exitCode === null) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '10', 'stop']);
      } catch {
        postmaster.kill('SIGKILL');
      }
    }
    postmaster = undefined;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
    postmaster = spawn(...as('postgres', ['-D', data, '-p', String(port), '-k', socket, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']), { cwd: root, stdio: 'ignore' });
    await ready(() => spawnSync(join(BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0, postmaster);
    const password = randomBytes(18).toString('hex');
    const sql = (statement: string): void => run('psql', ['-h', socket, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', statement]);
    sql(`CREATE ROLE parse LOGIN PASSWORD '${password}'`);
    sql('CREATE DATABASE parse OWNER parse');
    const uri = (name: string): string => `postgres://parse:${password}@127.0.0.1:${port}/${name}`;
    const database = (name: string): string => {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`database name: expected [a-z][a-z0-9_]*, got "${name}"`);
      sql(`CREATE DATABASE ${name} OWNER parse`);
      return uri(name);
    };
    return { uri: uri('parse'), port, database, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function ready(isReady: () => boolean, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} before accepting connections`);
    if (isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('postgres did not accept connections within 15 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
