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
import { budgetEnv, planRunBudget } from '../src/checks/budget-preflight';
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
  let preset: BudgetPlan | undefined;
  try {
    target = resolveTarget(budgetEnv(process.env, argv.includes('--budget')));
    budget = await planRunBudget(target);
    // Without a budget, what the release-gate preset would keep (a population too small for it: none).
    if (budget.max === undefined && budget.planned > BUDGET_PRESET) preset = await planRunBudget(target, BUDGET_PRESET);
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
  out.push(``, ...plannedProbes(budget, preset, settings.reportDir, limits.requestsPerSecond));
  const reports = settings.reportDir;
  out.push(``, `WOULD WRITE`);
  for (const file of ['findings.json', 'findings.sarif', 'evidence.html', 'evidence.fr.html', 'evidence.en.html', 'junit.xml', 'html/', 'screenshots/', 'probes/', 'test-results/']) out.push(`  ${path.join(reports, file)}`);
  if (process.env.CLOISON_BLOB) out.push(`  ${path.join(reports, 'blob/')}`);
  out.push(`  ${runDir(settings.runId)}/ (run state, session storage files: cookies; npm run cleanup removes them)`);
  console.log(out.join('\n'));
  return 0;
}

/**
 * Probes per family: the planned families exactly (from the population, integer ids assumed),
 * with and without the budget; the others as the previous run in the report folder counted them
 * (they follow what the portal answers: crawled routes, captured requests) and not budgeted.
 */
function plannedProbes(budget: BudgetPlan, preset: BudgetPlan | undefined, reportDir: string, rps: number): string[] {
  const previous = previousCounts(path.join(reportDir, 'findings.json'));
  const others = Object.entries(previous?.byFamily ?? {}).filter(([family]) => !(family in budget.families));
  const othersTotal = others.reduce((sum, [, n]) => sum + n, 0);
  const ceiling = rps > 0 ? `${rps} req/s (the run's ceiling)` : '5 req/s (the default ceiling off loopback; this target has none)';
  const at = (requests: number): string => formatDuration(durationAt(requests, rps > 0 ? rps : 5));
  const cut = budget.max !== undefined ? budget : preset;
  const name = budget.max !== undefined ? `budget CLOISON_MAX_PROBES=${budget.max}` : `--budget (CLOISON_MAX_PROBES=${BUDGET_PRESET})`;
  const out = [`PLANNED PROBES per family, duration at ${ceiling}:`];
  out.push(`  ${'family'.padEnd(13)} ${'planned'.padStart(7)} ${'coverage'.padStart(8)} ${(budget.max !== undefined ? 'kept' : 'kept by --budget').padStart(16)}`);
  for (const [family, plan] of Object.entries(budget.families)) {
    const kept = cut?.families[family]?.kept ?? plan.planned;
    out.push(`  ${family.padEnd(13)} ${String(plan.planned).padStart(7)} ${String(plan.coverage).padStart(8)} ${String(kept).padStart(16)}`);
  }
  for (const [family, n] of others) out.push(`  ${family.padEnd(13)} ${String(n).padStart(7)} (counted by the previous run in ${reportDir}; not planned, not budgeted)`);
  if (!previous) out.push(`  other families: not planned in advance (they follow what the portal answers); a previous run's findings.json in ${reportDir} gives their counts`);
  const more = previous ? '' : '+';
  out.push(`  without a budget: ${budget.planned + othersTotal}${more} probes, ${at(budget.planned + othersTotal)}`);
  if (cut) {
    out.push(`  with ${name}: ${cut.kept + othersTotal}${more} probes, ${at(cut.kept + othersTotal)} (${cut.floor} cover every family's route × forbidden class × action once, with their positive controls; ${cut.planned - cut.kept} skipped, listed in findings.json${budget.max !== undefined ? '' : ' when run so'})`);
  } else if (budget.max === undefined) {
    out.push(`  with --budget (CLOISON_MAX_PROBES=${BUDGET_PRESET}): every planned probe (the plan is smaller than the budget)`);
  }
  out.push(`  (planned families count their positive controls and browser visits, one per request or visit; a visit's page fetches more)`);
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
