import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
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
    generated ??= loadGenerated(fileURLToPath(new URL(file, moduleUrl))) as Validator<T>;
    const valid = generated(data);
    validate.errors = generated.errors;
    return valid;
  };
  return validate;
}

/**
 * Runs a generated CommonJS file as Node would, but past the host's module hooks: in a Playwright
 * worker `require` hands a file it has not compiled before to Babel, which took 2-3 s of CPU per
 * worker for the profile's 450 kB of plain JavaScript (the worker never writes its compilation
 * cache, so every worker paid it again).
 */
function loadGenerated(path: string): unknown {
  const module = { exports: {} as unknown };
  const wrapper = runInThisContext(Module.wrap(readFileSync(path, 'utf8')), { filename: path }) as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}
