import { describe, expect, it } from 'vitest';
import { authorizationCredentials } from '../../../shared/http/authorization.js';
import { bearerToken } from '../../../shared/http/staff-auth.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('Authorization header schemes (RFC 9110 §11.1: case-insensitive)', () => {
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('reads the token of %s', (scheme) => {
    expect(bearerToken(`${scheme} ${JWT}`)).toBe(JWT);
    expect(bearerToken(`  ${scheme}   ${JWT} `)).toBe(JWT);
  });

  it('reads nothing from another scheme, no credentials, or a token that is no JWT', () => {
    for (const header of [undefined, '', 'Bearer', 'bearer ', `Basic ${JWT}`, `Bearerx ${JWT}`, `${JWT}`, 'bearer not.a-jwt', `bearer ${JWT} extra`]) {
      expect(bearerToken(header)).toBeUndefined();
    }
  });

  it('reads any scheme by its name in any case', () => {
    expect(authorizationCredentials('receipt ABCD-EFGH-JKMN-PQRS', 'Receipt')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(authorizationCredentials('RECEIPT abc', 'Receipt')).toBe('abc');
    expect(authorizationCredentials('Bearer abc', 'Receipt')).toBeUndefined();
  });
});
