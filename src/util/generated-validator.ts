import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';

/** What the consumers use of an ajv validator: the call and the errors of the last call. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/**
 * A validator `npm run schemas` generated from its TypeBox source (ajv standalone code, see
 * src/schemas.ts). Compiling the profile's schema took most of a second in every process, and
 * Playwright starts a worker process after every failed test: the generated code is loaded
 * instead, on first use (the generator itself imports modules that declare validators), and runs
 * the same checks with the same errors. A self-test fails when it is older than its source.
 */
export function generatedValidator<T>(moduleUrl: string, file: string): Validator<T> {
  let generated: Validator<T> | undefined;
  const validate: Validator<T> = (data: unknown): data is T => {
    generated ??= createRequire(moduleUrl)(file) as Validator<T>;
    const valid = generated(data);
    validate.errors = generated.errors;
    return valid;
  };
  return validate;
}
