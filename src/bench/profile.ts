/**
 * Where a suite's time goes, from Playwright's JSON report (`--reporter=json`): totals per spec
 * file, per describe block and per kind of step, and the slowest tests. Durations are summed over
 * workers, so they add up to more than the wall time when workers run side by side.
 */
export interface JsonStep {
  title: string;
  duration: number;
  steps?: JsonStep[];
}

interface JsonResult {
  duration: number;
  status?: string;
  workerIndex?: number;
  steps?: JsonStep[];
}

interface JsonSpec {
  title: string;
  file?: string;
  tests: { projectName?: string; results: JsonResult[] }[];
}

export interface JsonSuite {
  title: string;
  file?: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}

export interface JsonReport {
  suites: JsonSuite[];
  stats?: { duration?: number };
}

export interface Cost {
  name: string;
  ms: number;
  count: number;
}

export interface SuiteProfile {
  wallMs?: number;
  testMs: number;
  tests: number;
  byFile: Cost[];
  byDescribe: Cost[];
  byStepKind: Cost[];
  slowestTests: Cost[];
}

/** A step title with its particulars (keys, ids, numbers) folded, so the same kind of step adds up. */
export function stepKind(title: string): string {
  return title
    .replace(/[^\s,]*\d[^\s,]*/g, '#')
    .replace(/#(?:,\s*#)+/g, '#…')
    .replace(/\s+/g, ' ')
    .trim();
}

class Totals {
  private readonly costs = new Map<string, Cost>();

  add(name: string, ms: number): void {
    const cost = this.costs.get(name) ?? { name, ms: 0, count: 0 };
    cost.ms += ms;
    cost.count++;
    this.costs.set(name, cost);
  }

  top(limit = Number.POSITIVE_INFINITY): Cost[] {
    return [...this.costs.values()].sort((a, b) => b.ms - a.ms).slice(0, limit);
  }
}

export function profileReport(report: JsonReport, limit = 10): SuiteProfile {
  const byFile = new Totals();
  const byDescribe = new Totals();
  const byStep = new Totals();
  const tests: Cost[] = [];
  let testMs = 0;

  const addSteps = (steps: readonly JsonStep[] | undefined): void => {
    for (const step of steps ?? []) byStep.add(stepKind(step.title), step.duration);
  };
  const walk = (suite: JsonSuite, file: string, describe: string[]): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        for (const result of test.results) {
          testMs += result.duration;
          byFile.add(file, result.duration);
          byDescribe.add([file, ...describe].join(' › '), result.duration);
          tests.push({ name: [file, ...describe, spec.title].join(' › '), ms: result.duration, count: 1 });
          addSteps(result.steps);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, file, [...describe, child.title]);
  };
  for (const suite of report.suites) walk(suite, suite.file ?? suite.title, []);

  return {
    wallMs: report.stats?.duration,
    testMs,
    tests: tests.length,
    byFile: byFile.top(),
    byDescribe: byDescribe.top(limit),
    byStepKind: byStep.top(limit),
    slowestTests: tests.sort((a, b) => b.ms - a.ms).slice(0, limit),
  };
}
