/** `<scheme> <credentials>`: the scheme an RFC 9110 token, the credentials one word (a token68 or a receipt). */
const CREDENTIALS = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +(\S+)$/;

/**
 * The credentials an Authorization header carries for `scheme`, or undefined for another scheme or none. Scheme
 * names are case-insensitive (RFC 9110 §11.1): `bearer`, `Bearer` and `BEARER` are one scheme.
 */
export function authorizationCredentials(authorization: string | undefined, scheme: string): string | undefined {
  const match = CREDENTIALS.exec(authorization?.trim() ?? '');
  return match?.[1]?.toLowerCase() === scheme.toLowerCase() ? match[2] : undefined;
}
