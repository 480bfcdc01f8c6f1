import { TargetError } from '../errors';
import { MissingBindingError } from '../util/template';
import { requestField } from './diagnose';

/** One line of the doctor's table: what was tried, what the owner got, what is wrong and the field to fix. */
export interface DoctorRow {
  subject: string;
  got: string;
  problem?: string;
  field?: string;
}

export interface DoctorReport {
  rows: DoctorRow[];
  ok: boolean;
}

/** Records a step that failed with its field (from the error when it knows it); null stops the doctor there. */
export function failed(rows: DoctorRow[], subject: string, error: unknown, fallback: string): null {
  if (!(error instanceof TargetError) && !(error instanceof MissingBindingError)) throw error;
  const detail = error instanceof TargetError ? error.detail : {};
  // A request the portal refused: which part of it, by the status (a missing capture names itself).
  const field = detail.field && detail.status !== undefined && !detail.field.includes('.capture.') ? requestField(detail.field, detail.status, true) : (detail.field ?? fallback);
  rows.push({ subject, got: detail.status === undefined ? '-' : String(detail.status), problem: error.message, field });
  return null;
}
