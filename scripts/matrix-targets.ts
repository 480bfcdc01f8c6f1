/**
 * The targets the flaw matrix runs, one line each: a name (rows `<name>:<flaw>`, the reference
 * portal's rows bare), its profile, its flaw catalog (each entry with `id`, `caughtBy`, `checks`),
 * and what its secure run must at least do (tests and probes, a little under its last measured
 * secure run with seeds/matrix.json: the run record's summary.tests and run.counts.probes.total).
 * Measured (2026-11-30): portal 184 tests and 7,605-7,720 probes; guichet 142 tests and 4,823
 * probes; parse 106 tests (96 checked, 10 not applicable) and 3,363 probes.
 * Each profile's launch hands PORTAL_FLAWS to its own flaw variable.
 */
import type { MatrixFlaw, SecureFloor } from '../src/gate/matrix';

export interface MatrixTarget {
  name: string;
  /** '' for the reference portal (rows stay `secure`, `<flaw>`), `<name>:` otherwise. */
  prefix: string;
  profile: string;
  flaws: () => Promise<readonly MatrixFlaw[]>;
  secure: SecureFloor;
}

export const MATRIX_TARGETS: readonly MatrixTarget[] = [
  { name: 'portal', prefix: '', profile: 'profiles/reference-portal.json', flaws: async () => (await import('../portal/src/flaws/catalog')).FLAWS, secure: { tests: 180, probes: 7_000 } },
  { name: 'guichet', prefix: 'guichet:', profile: 'targets/guichet/profile.json', flaws: async () => (await import('../targets/guichet/src/flaws')).GUICHET_FLAWS, secure: { tests: 138, probes: 4_300 } },
  { name: 'parse', prefix: 'parse:', profile: 'targets/parse/profile.json', flaws: async () => (await import('../targets/parse/src/flaws')).PARSE_FLAWS, secure: { tests: 100, probes: 3_000 } },
];
