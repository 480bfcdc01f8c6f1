import type { CookiePolicy } from '../auth/session-kit';

/**
 * FLAW cookie-flags (CWE-1004, CWE-1275): the session cookie is set without HttpOnly, so scripts
 * read it (`document.cookie`), and with SameSite switched off (as for an iframe integration),
 * so cross-site requests carry it. (@fastify/cookie adds SameSite=Lax unless told `false`.)
 */
export const cookieFlagsPolicy: CookiePolicy = () => ({ path: '/', sameSite: false });
