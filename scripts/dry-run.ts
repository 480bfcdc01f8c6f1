/**
 * Dry run: what a scan with the current settings would create, probe and write, without sending
 * a single request (the population is generated in memory, the profile is only read).
 *
 *   npm run dry-run [-- --budget]      (same CLOISON_* environment as a scan)
 *
 * `--budget` plans with the release-gate preset (CLOISON_MAX_PROBES=3000 unless set).
 */
import 'dotenv/config';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../src/errors';
import { generatePopulation } from '../src/population/generate';
import { loadPopulationSpec } from '../src/population/spec';
import { budgetEnv, planObjectBudget } from '../src/checks/budget-preflight';
import { BUDGET_PRESET, durationAt, formatDuration, type BudgetPlan } from '../src/probes/budget';
import { resolveTarget } from '../src/run/target';
import { runDir } from '../src/run/state';
import { isLoopback, probeLimits, writesAllowed } from '../src/settings/settings';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.find((arg) => arg !== '--budget');
  if (unknown !== undefined) {
    console.error(`cloison dry-run: unknown option ${unknown} (accepted: --budget)`);
    return 2;
  }
  let target;
  let budget: BudgetPlan;
  try {
    target = resolveTarget(budgetEnv(process.env, argv.includes('--budget')));
    budget = await planObjectBudget(target);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`cloison: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { settings, profile, baseURL, launch } = target;
  const spec = loadPopulationSpec(settings.populationFile, { seed: settings.seed, runId: settings.runId, people: profile.people });
  const population = await generatePopulation(spec);
  const limits = probeLimits(settings, baseURL);
  const writes = writesAllowed(settings, baseURL);
  const families = existsSync('tests') ? readdirSync('tests', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'setup').map((d) => d.name) : [];
  const byRole = (role: string): string[] => population.people.filter((p) => p.role === role).map((p) => p.key);
  const out: string[] = [];
  out.push(`cloison dry run: nothing is sent.`);
  out.push(``, `TARGET  ${baseURL}${launch ? ` (started by cloison: ${launch.command})` : ''}  ${isLoopback(baseURL) ? 'loopback' : 'NOT loopback'}`);
  out.push(`  profile ${profile.name} (${settings.profileFile}), release ${settings.release}, run id ${settings.runId}, seed ${settings.seed}`);
  out.push(`  allowed hosts: ${target.allowedHosts.join(', ')}`);
  out.push(`  ceilings: ${limits.requestsPerSecond || 'unlimited'} requests/s, ${limits.concurrency || 'unlimited'} in flight (run-wide; CLOISON_MAX_RPS, CLOISON_MAX_CONCURRENCY), ${settings.workers ?? 2} worker(s)`);
  out.push(`  writes (upload/rename/replace/delete probes): ${writes ? 'ALLOWED' : 'refused'}${settings.allowWrites === undefined ? ' (default for this target; CLOISON_ALLOW_WRITES)' : ' (CLOISON_ALLOW_WRITES)'}`);
  out.push(``, `WOULD CREATE via ${profile.provisioning.mode} provisioning (${settings.populationFile}):`);
  out.push(`  ${byRole('usager').length} usagers: ${byRole('usager').join(', ')}`);
  out.push(`  ${byRole('representant').length} representatives: ${byRole('representant').join(', ') || '—'}`);
  out.push(`  ${byRole('agent').length} agents: ${byRole('agent').join(', ') || '—'}`);
  out.push(`  ${population.documents.length} documents (${[...new Set(population.documents.map((d) => d.mime))].join(', ')}), canaries CLSN-${settings.runId}-*`);
  out.push(`  e-mails: ${population.people[0]?.email.replace(/^[^@]*/, '*') ?? '—'} (namespaced by run id ${settings.runId})`);
  out.push(``, `WOULD PROBE as ${population.people.length} identities + anonymous, check families: ${families.join(', ') || '—'}`);
  for (const route of profile.routes) {
    out.push(`  ${route.object.padEnd(8)} ${route.action.padEnd(9)} ${route.channel.padEnd(3)} ${route.path}${route.roles ? `  (roles: ${route.roles.join(', ')})` : ''}`);
  }
  for (const write of writes ? (profile.writes ?? []) : []) out.push(`  write    ${write.action.padEnd(9)} ${write.request.method} ${write.request.path}`);
  if (!writes && profile.writes?.length) out.push(`  (${profile.writes.length} write route(s) skipped: writes refused)`);
  out.push(``, ...plannedProbes(budget, settings.reportDir, limits.requestsPerSecond, BUDGET_PRESET));
  const reports = settings.reportDir;
  out.push(``, `WOULD WRITE`);
  for (const file of ['findings.json', 'findings.sarif', 'evidence.html', 'evidence.fr.html', 'evidence.en.html', 'junit.xml', 'html/', 'screenshots/', 'probes/', 'test-results/']) out.push(`  ${path.join(reports, file)}`);
  if (process.env.CLOISON_BLOB) out.push(`  ${path.join(reports, 'blob/')}`);
  out.push(`  ${runDir(settings.runId)}/ (run state, session storage files: cookies; npm run cleanup removes them)`);
  console.log(out.join('\n'));
  return 0;
}

/**
 * Probes per family: the object checks' exactly (planned from the population, integer ids
 * assumed), the other families as the previous run in the report folder counted them (they follow
 * what the portal answers: crawled routes, captured requests).
 */
function plannedProbes(budget: BudgetPlan, reportDir: string, rps: number, preset: number): string[] {
  const previous = previousCounts(path.join(reportDir, 'findings.json'));
  const others = Object.entries(previous?.byFamily ?? {}).filter(([family]) => family !== 'objects');
  const othersTotal = others.reduce((sum, [, n]) => sum + n, 0);
  const ceiling = rps > 0 ? `${rps} req/s (the run's ceiling)` : '5 req/s (the default ceiling off loopback; this target has none)';
  const at = (requests: number): string => formatDuration(durationAt(requests, rps > 0 ? rps : 5));
  const out = [`PLANNED PROBES per family, duration at ${ceiling}:`];
  const objects = budget.max === undefined ? `${budget.planned} (every vector; --budget or CLOISON_MAX_PROBES=${preset} would keep ${Math.min(preset, budget.planned)})` : `${budget.kept} of ${budget.planned} (budget CLOISON_MAX_PROBES=${budget.max}; ${budget.coverage} cover every route × forbidden class × action once; ${budget.planned - budget.kept} rarer vectors skipped, listed in findings.json)`;
  out.push(`  objects       ${objects}`);
  for (const [family, n] of others) out.push(`  ${family.padEnd(13)} ${n} (counted by the previous run in ${reportDir}; not budgeted)`);
  if (!previous) out.push(`  other families: not planned in advance (they follow what the portal answers); a previous run's findings.json in ${reportDir} gives their counts`);
  const total = budget.kept + othersTotal;
  out.push(`  total         ${total}${previous ? '' : '+'} probes: ${at(total)}${budget.max === undefined ? '' : ` (without the budget: ${at(budget.planned + othersTotal)})`}`);
  out.push(`  (positive controls and browser visits of the object checks are not in the plan: about one per allowed identity and object)`);
  return out;
}

function previousCounts(file: string): { byFamily: Record<string, number> } | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { run: { counts: { probes: { byFamily: Record<string, number> } } } }).run.counts.probes;
  } catch {
    return undefined;
  }
}

process.exitCode = await main(process.argv.slice(2));
