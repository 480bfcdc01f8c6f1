/** Compact JWTs as the portal's API tokens use them: decoding and claims, nothing trusted yet. */

/** The claims of an API token the portal issued: who, until when. */
export interface ApiTokenClaims {
  sub: string;
  exp: number;
}

/** Reads a bearer token's claims; undefined when it is not one the portal may trust. */
export type ClaimsReader = (token: string, secret: Buffer, nowSeconds: number) => ApiTokenClaims | undefined;

export const encodeJwtPart = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The header and payload of a compact JWT, decoded and not yet trusted. */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signed: string; signature: string } | undefined {
  const [header, payload, signature, extra] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || extra !== undefined) return undefined;
  const decodedHeader = decodePart(header);
  const decodedPayload = decodePart(payload);
  return decodedHeader && decodedPayload ? { header: decodedHeader, payload: decodedPayload, signed: `${header}.${payload}`, signature } : undefined;
}

export function claimsOf(payload: Record<string, unknown>, nowSeconds: number): ApiTokenClaims | undefined {
  const { sub, exp } = payload;
  if (typeof sub !== 'string' || typeof exp !== 'number' || exp <= nowSeconds) return undefined;
  return { sub, exp };
}

