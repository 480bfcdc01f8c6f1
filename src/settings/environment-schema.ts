import { Type, type Static, type TInteger, type TString } from '@sinclair/typebox';

/**
 * Every setting cloison reads from the environment (.env is loaded by playwright.config.ts), in
 * one schema: a typo fails the run before any request, in one line naming the variable. A value
 * outside its schema is refused with the schema's `message`, or one derived from its type.
 */
const text = (description: string): TString => Type.String({ description });
const integer = (minimum: number, maximum: number, description: string): TInteger => Type.Integer({ minimum, maximum, description });

export const Environment = Type.Object({
  CLOISON_PROFILE: Type.Optional(text('target profile (JSON)')),
  CLOISON_BASE_URL: Type.Optional(text('scan an already-running portal: an absolute http(s) URL, kept as its origin')),
  CLOISON_RELEASE: Type.Optional(Type.String({ description: 'release label', pattern: '^[\\w.+-]{1,64}$', message: 'must be 1-64 characters of letters, digits, . + - _' })),
  CLOISON_SEED: Type.Optional(integer(0, 2 ** 31 - 1, 'population seed')),
  CLOISON_RUN_ID: Type.Optional(Type.String({ description: 'namespaces seeded data', pattern: '^[A-Z0-9]{4,12}$', message: 'must be 4-12 characters A-Z 0-9' })),
  CLOISON_ALLOWED_HOSTS: Type.Optional(text('extra hosts, comma-separated')),
  CLOISON_POPULATION: Type.Optional(text('population spec')),
  CLOISON_ACCOUNTS: Type.Optional(text('pre-provisioned accounts file')),
  CLOISON_REPORT_DIR: Type.Optional(text('report folder')),
  CLOISON_HISTORY_FILE: Type.Optional(text('history file')),
  CLOISON_PORT: Type.Optional(integer(1, 65535, 'embedded portal port')),
  CLOISON_WORKERS: Type.Optional(integer(1, 64, 'Playwright workers')),
  PORTAL_FLAWS: Type.Optional(text('reference portal flaws')),
  CLOISON_ALLOW_WRITES: Type.Optional(Type.Boolean({ description: 'write probes' })),
  CLOISON_MAX_RPS: Type.Optional(integer(1, 10_000, 'requests per second, whole run')),
  CLOISON_MAX_CONCURRENCY: Type.Optional(integer(1, 256, 'requests in flight, whole run')),
  CLOISON_MAX_PROBES: Type.Optional(integer(1, 10_000_000, 'probe budget of the run (every planned family)')),
  CLOISON_BROWSER_CONTEXTS: Type.Optional(integer(1, 1000, 'browser contexts open at once in each worker')),
  CLOISON_FINDINGS_FILE: Type.Optional(text('findings report file')),
  CLOISON_BASELINE: Type.Optional(text('accepted root causes (compare baseline)')),
  CLOISON_COVERAGE_BASELINE: Type.Optional(text('archived coverage.json new surface is measured against')),
});
export type Environment = Static<typeof Environment>;
