import { test } from '@playwright/test';
import { NOT_APPLICABLE } from '../report/verdict';

/**
 * Says, in the run record, that the running test probes nothing because the portal or its profile
 * makes its check impossible; the caller then returns. Never for a failure of the target: that is
 * an error (exit 2), not a pass.
 */
export function notApplicable(reason: string): void {
  test.info().annotations.push({ type: NOT_APPLICABLE, description: reason });
}
