import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readSettings } from '../settings/settings';

/** Where a route was seen: a request the browser made, a link or form followed, or text in a script/page. */
export type Source = 'browser' | 'link' | 'form' | 'script';

export interface TemplateCoverage {
  template: string;
  sources: Source[];
  /** The owners whose crawl discovered it. */
  discoveredBy: string[];
  /** Identities that replayed it (`anonymous` for nobody) and the vectors they used. */
  probedBy: string[];
  vectors: string[];
  probed: boolean;
  /** Why it was not probed (an unsafe method, no id to fill a script's slot…). */
  notProbed?: string;
  /** Absent from the previous run's list. */
  newSurface: boolean;
}

export interface CoverageReport {
  runId: string;
  /** Which previous list `newSurface` was computed against (a file), or none for a first run. */
  baseline: string | null;
  templates: TemplateCoverage[];
  unprobed: string[];
  newSurface: string[];
}

interface Entry {
  sources: Set<Source>;
  owners: Set<string>;
  identities: Set<string>;
  vectors: Set<string>;
  notProbed?: string;
}

/** What discovery found and what it did with it, template by template. */
export class CoverageLog {
  private readonly entries = new Map<string, Entry>();

  discovered(template: string, source: Source, owner: string): void {
    const entry = this.entry(template);
    entry.sources.add(source);
    entry.owners.add(owner);
  }

  probed(template: string, identity: string, vector: string): void {
    const entry = this.entry(template);
    entry.identities.add(identity);
    entry.vectors.add(vector);
  }

  notProbed(template: string, reason: string): void {
    this.entry(template).notProbed ??= reason;
  }

  templates(): string[] {
    return [...this.entries.keys()].sort();
  }

  report(runId: string, previous: { file: string; templates: string[] } | undefined): CoverageReport {
    const known = previous ? new Set(previous.templates) : undefined;
    const templates = this.templates().map((template): TemplateCoverage => {
      const entry = this.entry(template);
      const probed = entry.identities.size > 0;
      return {
        template,
        sources: [...entry.sources].sort(),
        discoveredBy: [...entry.owners].sort(),
        probedBy: [...entry.identities].sort(),
        vectors: [...entry.vectors].sort(),
        probed,
        ...(!probed ? { notProbed: entry.notProbed ?? 'never replayed' } : {}),
        newSurface: known !== undefined && !known.has(template),
      };
    });
    return {
      runId,
      baseline: previous?.file ?? null,
      templates,
      unprobed: templates.filter((item) => !item.probed).map((item) => item.template),
      newSurface: templates.filter((item) => item.newSurface).map((item) => item.template),
    };
  }

  private entry(template: string): Entry {
    let entry = this.entries.get(template);
    if (!entry) {
      entry = { sources: new Set(), owners: new Set(), identities: new Set(), vectors: new Set() };
      this.entries.set(template, entry);
    }
    return entry;
  }
}

/** The template list of a previous coverage file, or undefined when there is none (a first run). */
export function readPreviousTemplates(file: string): { file: string; templates: string[] } | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CoverageReport>;
  if (!Array.isArray(parsed.templates)) throw new Error(`${file} is not a discovery coverage file (no "templates" list)`);
  return { file, templates: parsed.templates.map((item) => (typeof item === 'string' ? item : item.template)) };
}

export function writeCoverage(file: string, report: CoverageReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(file.replace(/\.json$/, '.md'), coverageMarkdown(report));
}

export function coverageMarkdown(report: CoverageReport): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `# Discovery coverage (run ${report.runId})`,
    '',
    `${report.templates.length} route templates discovered, ${report.unprobed.length} not probed, ${report.newSurface.length} new since ${report.baseline ?? 'no previous run'}.`,
    '',
    '| template | found in | probed by | vectors | new |',
    '| --- | --- | --- | --- | --- |',
    ...report.templates.map(
      (item) =>
        `| \`${cell(item.template)}\` | ${item.sources.join(', ')} | ${item.probed ? cell(item.probedBy.join(', ')) : `**not probed**: ${cell(item.notProbed ?? '')}`} | ${cell(item.vectors.join(', '))} | ${item.newSurface ? 'new' : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/**
 * The previous list new surface is measured against: `CLOISON_COVERAGE_BASELINE` when set (a
 * release's archived coverage.json, which must exist), else this report folder's coverage.json
 * as the last run left it, read before it is overwritten.
 */
export function previousCoverageFile(reportFile: string, configured: string | undefined = readSettings().coverageBaseline): string {
  if (!configured) return reportFile;
  if (!existsSync(configured)) throw new Error(`CLOISON_COVERAGE_BASELINE: no file at ${configured}`);
  return configured;
}
