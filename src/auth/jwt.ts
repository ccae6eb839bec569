// Reads claims of a JWT without verifying it (for messages and permission checks). Never prints it.
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length < 2) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** iss, sub and aud of a GitHub OIDC token, safe to print. */
export interface OidcClaims {
  iss?: string;
  sub?: string;
  aud?: string;
}

export function oidcClaims(token: string): OidcClaims {
  const p = decodeJwtPayload(token) ?? {};
  const aud = Array.isArray(p.aud) ? p.aud.join(',') : (p.aud as string | undefined);
  return { iss: p.iss as string | undefined, sub: p.sub as string | undefined, aud };
}
