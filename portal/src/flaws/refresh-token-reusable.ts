import { REFRESH_LIFETIME_MS, type SpendRefreshToken } from '../auth/account-lifecycle';

/**
 * FLAW refresh-token-reusable (CWE-613, CWE-294): each refresh answers a new refresh token, but the
 * one presented is left valid until it expires, so a copy of it renews sessions for a month.
 */
export const refreshTokenReusable: SpendRefreshToken = (repos, token) => repos.refreshTokens.userOf(token, Date.now() - REFRESH_LIFETIME_MS);
