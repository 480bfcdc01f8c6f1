#!/usr/bin/env node
// The one way in: `cloison <subcommand>` runs the package's TypeScript script for it under tsx,
// in the user's working directory, and exits with its code (0 clean, 1 findings, 2 not checked).
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SUBCOMMANDS = {
  init: 'draft a profile and its open questions: cloison init --openapi <file|url> | --har <file> | --record <login URL> --user <e-mail> [--out profile.json]',
  scan: 'run the security suite: cloison scan [profile.json] [--budget] [--grep …] [--shard i/n] [--workers n] [--reporter …]',
  doctor: 'check a profile against the live portal without attacking it: cloison doctor [profile.json]',
  'dry-run': 'what a scan would create, probe and write, sending nothing; probes per family and duration at the ceiling [--budget]',
  compare: 'findings fixed / new / still present: cloison compare <previous.json> <current.json> [--baseline accepted.json]',
  verify: 're-run the tests behind previous findings: cloison verify <findings.json> [finding id …]',
  'merge-reports': 'merge sharded scans: cloison merge-reports [--out dir] <shard report dir> …',
  cleanup: 'list or remove what runs left behind: cloison cleanup [runId … | --all]',
  history: 'the runs so far and the trend of open root causes: cloison history [history.jsonl]',
};

function usage() {
  const available = Object.entries(SUBCOMMANDS).filter(([name]) => existsSync(script(name)));
  const width = Math.max(...available.map(([name]) => name.length));
  return [
    'usage: cloison <subcommand> [arguments]',
    '',
    ...available.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
    '',
    'Settings come from the environment and ./.env (CLOISON_PROFILE, CLOISON_POPULATION, CLOISON_REPORT_DIR, …).',
    'Exit codes: 0 clean, 1 findings, 2 cloison could not check (one line says why).',
  ].join('\n');
}

function script(name) {
  return path.join(root, 'scripts', `${name}.ts`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  console.log(usage());
  process.exit(command === undefined ? 2 : 0);
}
if (command === '--version' || command === '-v') {
  const manifest = /** @type {{ version: string }} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
  console.log(manifest.version);
  process.exit(0);
}
if (!Object.hasOwn(SUBCOMMANDS, command) || !existsSync(script(command))) {
  console.error(`cloison: unknown ${command.startsWith('-') ? 'option' : 'subcommand'} ${command} (cloison --help lists them)`);
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script(command), ...rest], { stdio: 'inherit' });
if (run.error) {
  console.error(`cloison: could not start ${command}: ${run.error.message}`);
  process.exit(2);
}
// A script killed by a signal checked nothing to the end: that is "could not check".
process.exit(run.status ?? 2);
