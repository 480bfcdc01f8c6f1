import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';

/** What one family tried on one route, or why the route gave it nothing to try. */
export interface RouteAttempts {
  route: string;
  /** Vectors sent: positions substituted, token variants, pages, path spellings. */
  tried: string[];
  /** Identities that sent them (`anonymous` for nobody). */
  by: string[];
  probes: number;
  /** Probes the run's budget (CLOISON_MAX_PROBES) left out, by vector; absent when none was. */
  skipped?: Record<string, number>;
  /** Why nothing was tried here (no identifier in the request, no page parameter, not a JWT…). */
  nothingToTry?: string;
}

export interface AttackCoverageReport {
  family: string;
  test: string;
  routes: RouteAttempts[];
}

/**
 * Per family and test, route by route: what was tried and, where nothing could be, why. Written
 * beside the findings (`coverage/<family>-<test>.json`) and attached to the test.
 */
export class AttackCoverage {
  private readonly routes = new Map<string, { tried: Set<string>; by: Set<string>; probes: number; skipped: Map<string, number>; nothingToTry?: string }>();

  constructor(readonly family: string) {}

  tried(route: string, identity: string, vector: string): void {
    const entry = this.entry(route);
    entry.tried.add(vector);
    entry.by.add(identity);
    entry.probes++;
  }

  /** A probe the run's budget left out. */
  skipped(route: string, vector: string): void {
    const skipped = this.entry(route).skipped;
    skipped.set(vector, (skipped.get(vector) ?? 0) + 1);
  }

  nothingToTry(route: string, reason: string): void {
    this.entry(route).nothingToTry ??= reason;
  }

  report(test: string): AttackCoverageReport {
    return {
      family: this.family,
      test,
      routes: [...this.routes.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([route, entry]) => ({
          route,
          tried: [...entry.tried].sort(),
          by: [...entry.by].sort(),
          probes: entry.probes,
          ...(entry.skipped.size > 0 ? { skipped: Object.fromEntries([...entry.skipped].sort(([a], [b]) => a.localeCompare(b))) } : {}),
          ...(entry.probes === 0 && entry.nothingToTry ? { nothingToTry: entry.nothingToTry } : {}),
        })),
    };
  }

  async write(testInfo: TestInfo, reportDir: string): Promise<void> {
    const report = this.report(testInfo.title);
    const dir = join(reportDir, 'coverage');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, coverageFileName(this.family, testInfo.titlePath));
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    await testInfo.attach(`${this.family} coverage`, { path: file, contentType: 'application/json' });
    for (const route of report.routes) {
      if (route.nothingToTry) testInfo.annotations.push({ type: `${this.family}: nothing to try`, description: `${route.route}: ${route.nothingToTry}` });
    }
  }

  private entry(route: string) {
    let entry = this.routes.get(route);
    if (!entry) {
      entry = { tried: new Set(), by: new Set(), probes: 0, skipped: new Map<string, number>() };
      this.routes.set(route, entry);
    }
    return entry;
  }
}

const NAME_LENGTH = 80;

/**
 * `<family>-<describe and test titles>.json`, the titles slugged to 80 characters at most. A longer
 * slug is cut and ends in a hash of the whole title path: two tests whose titles share their first
 * 80 characters (a long describe title, the victim named late) would otherwise write one file,
 * the last test's coverage erasing the others'. Shorter names stay as they were.
 */
export function coverageFileName(family: string, titlePath: readonly string[]): string {
  // The title path starts with the spec file: the titles alone name the test in a report.
  const titles = titlePath.slice(1).join(' ');
  const full = titles.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (full.length <= NAME_LENGTH) return `${family}-${full}.json`;
  const hash = createHash('sha256').update(titles).digest('hex').slice(0, 8);
  return `${family}-${full.slice(0, NAME_LENGTH - hash.length - 1).replace(/-$/, '')}-${hash}.json`;
}
