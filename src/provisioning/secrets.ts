import { readFileSync } from 'node:fs';
import { makePassword } from '../population/credentials';
import type { Profile } from '../profile/types';
import type { Settings } from '../settings/settings';
import { accountsFileOf } from './accounts';

/**
 * Every provisioning secret of a run, for the redactor: the passwords derived from the run's password key, the
 * passwords of the accounts file (never copied anywhere else) and the provisioning token.
 */
export function provisioningSecrets(
  profile: Profile,
  settings: Pick<Settings, 'accountsFile'>,
  run: { people: readonly { key: string }[] },
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const secrets = run.people.map((person) => makePassword(person.key));
  if (profile.provisioning.mode === 'api') secrets.push(env[profile.provisioning.tokenEnv] ?? '');
  const file = accountsFileOf(profile, settings);
  if (file) {
    try {
      const accounts = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(accounts)) {
        for (const account of accounts as unknown[]) {
          const password = (account as { password?: unknown } | null)?.password;
          if (typeof password === 'string') secrets.push(password);
        }
      }
    } catch {
      // The setup read this file already; a file gone since then has nothing left to leak.
    }
  }
  return secrets;
}

/**
 * The password of one person of the run, for a check that must sign in again (a login form):
 * the accounts file's when the person comes from it, else the one derived from the run's password key.
 */
export function passwordOf(profile: Profile, settings: Pick<Settings, 'accountsFile'>, key: string): string {
  const file = accountsFileOf(profile, settings);
  if (file) {
    const accounts = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; password?: unknown }[];
    const password = accounts.find((account) => account.key === key)?.password;
    if (typeof password === 'string') return password;
  }
  return makePassword(key);
}
