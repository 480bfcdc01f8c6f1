/** The files derived from findings.json, written beside it: SARIF and the evidence report. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redactor, redactSecretShapes } from '../findings/redact';
import { renderEvidenceHtml } from './evidence-html';
import type { FindingsReport } from './findings-reporter';
import { toSarif } from './sarif';

export const DERIVED_FILES = ['findings.sarif', 'evidence.html', 'evidence.fr.html', 'evidence.en.html'] as const;

export function writeDerivedOutputs(report: FindingsReport, dir: string, roots: readonly string[] = [process.cwd(), path.dirname(dir)]): void {
  // The report is redacted once more: these files leave the building like findings.json.
  const clean = new Redactor().value(report);
  writeFileSync(path.join(dir, 'findings.sarif'), `${redactSecretShapes(JSON.stringify(toSarif(clean), null, 2))}\n`);
  const fr = renderEvidenceHtml(clean, 'fr', roots);
  writeFileSync(path.join(dir, 'evidence.html'), fr);
  writeFileSync(path.join(dir, 'evidence.fr.html'), fr);
  writeFileSync(path.join(dir, 'evidence.en.html'), renderEvidenceHtml(clean, 'en', roots));
}
