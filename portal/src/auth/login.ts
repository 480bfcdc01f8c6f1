import { hasRole, type User } from '../model';
import type { Repositories } from '../repositories';
import { decoyHash, verifyPassword } from './passwords';

/** The user with these credentials, or undefined; same work whether or not the e-mail exists. */
export async function authenticate(repos: Repositories, email: string, password: string): Promise<User | undefined> {
  const user = repos.users.findByEmail(email.trim());
  const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  // A disabled account, or one whose role was revoked, signs in no more, even with the right password.
  return valid && user?.desactive === 0 && hasRole(user) ? user : undefined;
}
