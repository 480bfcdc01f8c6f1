import type { Session, User } from './model';

declare module 'fastify' {
  interface FastifyRequest {
    /** The server-side session named by the `sid` cookie, anonymous or signed in. */
    session: Session | null;
    /** The signed-in user of that session. */
    user: User | null;
  }
  interface FastifyContextConfig {
    /** `false` exempts a write route from the CSRF check (credentials or a token guard it instead). */
    csrf?: boolean;
  }
}
