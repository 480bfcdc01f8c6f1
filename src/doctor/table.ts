import type { DoctorReport } from './rows';

const WIDTHS = { subject: 48, got: 56, problem: 64 };

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return (flat.length > width ? `${flat.slice(0, width - 1)}…` : flat).padEnd(width);
}

/** The doctor's table: one line per step and route; a problem names the profile field to fix. */
export function doctorTable(report: DoctorReport): string {
  const header = `${cell('checked', WIDTHS.subject)}  ${cell('what the owner got', WIDTHS.got)}  ${cell('missing or contradictory', WIDTHS.problem)}  field to fix`;
  const lines = report.rows.map((row) => `${cell(row.subject, WIDTHS.subject)}  ${cell(row.got, WIDTHS.got)}  ${cell(row.problem ?? 'ok', WIDTHS.problem)}  ${row.field ?? ''}`.trimEnd());
  const problems = report.rows.filter((row) => row.problem !== undefined);
  const verdict = problems.length === 0 ? 'doctor: the profile matches the portal' : `doctor: ${problems.length} problem(s); fix ${[...new Set(problems.map((row) => row.field))].join(', ')}`;
  return [header, '-'.repeat(header.length), ...lines, '', verdict].join('\n');
}
