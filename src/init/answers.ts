import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import type { Draft } from './draft';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an answers file: a JSON object shaped like the profile, holding only what the user
 * answers (people, policy, provisioning…). It is merged into the draft field by field.
 */
export function readAnswers(file: string): Json {
  let answers: unknown;
  try {
    answers = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError('--answers', `${file} cannot be read as a JSON object`);
  }
  if (!isObject(answers)) throw new ConfigError('--answers', `${file} must hold a JSON object shaped like the profile`);
  return answers;
}

/**
 * The draft with the user's answers: objects merge key by key, anything else (arrays, strings)
 * replaces the drafted value, `null` removes it. A question whose field (or a field under it, or
 * the object holding it) was answered is no longer asked.
 */
export function applyAnswers(draft: Draft, answers: Json): Draft {
  const answered: string[] = [];
  const merge = (into: Json, from: Json, prefix: string): Json => {
    const out: Json = { ...into };
    for (const [key, value] of Object.entries(from)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (value === null) delete out[key];
      else if (isObject(value) && isObject(out[key])) {
        out[key] = merge(out[key], value, field);
        continue;
      } else out[key] = value;
      answered.push(field);
    }
    return out;
  };
  const profile = merge(draft.profile, answers, '') as unknown as Draft['profile'];
  const covers = (field: string): boolean => answered.some((done) => field === done || field.startsWith(`${done}.`) || done.startsWith(`${field}.`));
  return {
    profile,
    questions: draft.questions.filter((question) => !covers(question.field)),
    decisions: [...draft.decisions, `answers: ${answered.join(', ')}`],
  };
}
