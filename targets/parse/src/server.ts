import { randomBytes } from 'node:crypto';
import { startParseApp, type RunningParse } from './app';
import { accessModelOf, parseParseFlaws } from './flaws';
import { startPostgres, type Postgres } from './postgres';

/**
 * The Parse target's launch script: a throw-away PostgreSQL cluster, then Parse Server and the
 * front end on `--port` (or PARSE_PORT). PARSE_MASTER_KEY is the master key (the provisioning
 * token; random when unset), PARSE_APP_ID the application id, PARSE_FLAWS the misconfigurations,
 * PARSE_ACCESS_MODEL `acl` (default) or `pointer`, PARSE_PG_PORT a fixed port for PostgreSQL.
 * Everything stops, and the database and files are deleted, on SIGTERM, SIGINT or exit.
 */
function port(argv: readonly string[], raw: string | undefined, name: string): number | undefined {
  const index = argv.indexOf('--port');
  const value = name === '--port' && index >= 0 ? argv[index + 1] : raw;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`${name}: expected an integer from 0 to 65535, got "${value}"`);
  return Number(value);
}

let postgres: Postgres | undefined;
let parse: RunningParse | undefined;
const stopDatabase = (): void => {
  postgres?.stop();
  postgres = undefined;
};
process.once('exit', stopDatabase);

try {
  const argv = process.argv.slice(2);
  const flaws = parseParseFlaws(process.env.PARSE_FLAWS);
  const model = accessModelOf(flaws, process.env.PARSE_ACCESS_MODEL);
  const listenPort = port(argv, process.env.PARSE_PORT, '--port') ?? 3400;
  const database = startPostgres({ port: port([], process.env.PARSE_PG_PORT, 'PARSE_PG_PORT') }).then((started) => {
    postgres = started;
    return started.uri;
  });
  parse = await startParseApp({
    port: listenPort,
    databaseURI: database,
    appId: process.env.PARSE_APP_ID || 'cloison-parse',
    masterKey: process.env.PARSE_MASTER_KEY || randomBytes(24).toString('hex'),
    flaws,
    model,
  });
  console.log(`parse target listening on ${parse.url} (PostgreSQL on ${postgres?.port ?? '?'}, model=${model}, flaws=${[...flaws].join(',') || 'none'})`);
} catch (error) {
  console.error(`parse target: ${error instanceof Error ? error.message : String(error)}`);
  stopDatabase();
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  // `on`, not `once`: a second signal (a wrapper forwarding it) must not kill the process mid-cleanup.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Parse Server's shutdown can wait on idle connections: the database goes whatever happens.
    setTimeout(() => process.exit(0), 3_000).unref();
    const closing = parse?.close() ?? Promise.resolve();
    closing.finally(() => {
      stopDatabase();
      process.exit(0);
    }).catch(() => process.exit(1));
  });
}
