import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageFile } from '../cli/package';
import { validateProfile } from '../profile/validate';
import type { Draft } from './draft';

/** Where the questions go: beside the profile, `vendor.json` → `vendor.questions.md`. */
export function questionsFile(out: string): string {
  return out.replace(/\.json$/i, '') + '.questions.md';
}

/**
 * Validates the draft as a scan would load it, then writes it and its questions. A draft that
 * does not validate is a bug of init, never written: the user would meet it later, at scan time.
 */
export function writeDraft(draft: Draft, out: string, force: boolean): { profile: string; questions: string } {
  // The schema of the cloison that wrote it, as seen from where the profile is (editors resolve it from there).
  const schema = path.relative(path.dirname(path.resolve(out)), packageFile('src/profile/profile.schema.json')).split(path.sep).join('/');
  const profile = { $schema: schema.startsWith('.') ? schema : `./${schema}`, ...draft.profile };
  validateProfile(structuredClone(profile), out);
  const questions = questionsFile(out);
  for (const file of [out, questions]) {
    if (existsSync(file) && !force) throw new Error(`${file} exists (--force replaces it)`);
  }
  writeFileSync(out, JSON.stringify(profile, null, 2) + '\n');
  writeFileSync(questions, renderQuestions(draft, path.basename(out)));
  return { profile: out, questions };
}

export function renderQuestions(draft: Draft, profileName: string): string {
  const lines = [
    `# What \`cloison init\` could not decide for ${profileName}`,
    '',
    'Answer each question in the profile field it names (docs/profile.md, "Questions of a draft", says what each field means).',
    'The draft validates as it is, but a scan of it tests what it guessed.',
    '',
    ...draft.questions.map((question) => `- [ ] \`${question.field}\`: ${question.question}${question.drafted ? ` (drafted: \`${question.drafted}\`)` : ''}`),
    '',
    '## What it decided',
    '',
    ...draft.decisions.map((decision) => `- ${decision}`),
    '',
  ];
  return lines.join('\n');
}
