import { claimsOf, decodeJwt, type ClaimsReader } from '../auth/jwt';

/**
 * FLAW jwt-unverified (CWE-347, CWE-287): the API token is decoded, never verified (`decode()`
 * where `verify()` was meant). The expiry is checked, the signature is not: an unsigned token
 * (`alg: none`) or one whose subject was edited is believed.
 */
export const jwtUnverifiedClaims: ClaimsReader = (token, _secret, now) => {
  const decoded = decodeJwt(token);
  return decoded ? claimsOf(decoded.payload, now) : undefined;
};
