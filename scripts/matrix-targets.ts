/**
 * The targets the flaw matrix runs, one line each: a name (rows `<name>:<flaw>`, the reference
 * portal's rows bare), its profile, its flaw catalog (each entry with `id`, `caughtBy`, `checks`),
 * and what its secure run must at least do (tests and probes, a little under its last measured
 * secure run with seeds/matrix.json: the run record's summary.tests and run.counts.probes.total).
 * Measured: portal 117 tests (2026-12-02: one test per route since the objects, lists and back-office
 * checks step through people instead of a test each) and 7,605-7,720 probes (2026-11-30); guichet
 * 94 tests and 4,823 probes; parse 67 tests and 3,363 probes.
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
  { name: 'portal', prefix: '', profile: 'profiles/reference-portal.json', flaws: async () => (await import('../portal/src/flaws/catalog')).FLAWS, secure: { tests: 114, probes: 7_000 } },
  { name: 'guichet', prefix: 'guichet:', profile: 'targets/guichet/profile.json', flaws: async () => (await import('../targets/guichet/src/flaws')).GUICHET_FLAWS, secure: { tests: 90, probes: 4_300 } },
  { name: 'parse', prefix: 'parse:', profile: 'targets/parse/profile.json', flaws: async () => (await import('../targets/parse/src/flaws')).PARSE_FLAWS, secure: { tests: 64, probes: 3_000 } },
];
