import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { FetchError } from 'aws-jwt-verify/error';
import { createLogger } from '../../shared/http/logger.js';
import { bearerToken, createStaffVerifier, staffIssuerFromEnvironment } from '../../shared/http/staff-auth.js';
import { DependencyFailure } from '../../shared/store/errors.js';

/**
 * API Gateway's TOKEN authorizer for the staff API where staff tokens come from a configured OpenID Connect issuer
 * (AWS China, a newspaper's SSO) instead of Cognito: the same verifier as the functions' (aws-jwt-verify against the
 * issuer's JWKS; signature, issuer, expiry, client, a staff role). The functions check the role of each route again.
 */
const verify = createStaffVerifier({ issuer: staffIssuerFromEnvironment() });
const logger = createLogger('staff-authorizer');

/** The policy covers the whole stage, so the cached answer (per token) serves every staff route. */
function stageWide(methodArn: string): string {
  const [apiArn = methodArn, stage = '*'] = methodArn.split('/');
  return `${apiArn}/${stage}/*`;
}

export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = bearerToken(event.authorizationToken);
  let identity: Awaited<ReturnType<typeof verify>>;
  try {
    if (!token) throw new Error('no bearer token');
    identity = await verify(token);
  } catch (error) {
    // The issuer's keys could not be fetched: no verdict on the token, so API Gateway's AUTHORIZER_FAILURE.
    if (error instanceof FetchError || error instanceof DependencyFailure) {
      logger.error('identity provider unavailable', { errorName: error.name });
      throw new DependencyFailure('IdentityProvider', error, true);
    }
    // API Gateway answers 401 for exactly this message.
    logger.info('staff token refused', { errorName: error instanceof Error ? error.name : 'unknown' });
    throw new Error('Unauthorized');
  }
  const allowed = identity.roles.length > 0;
  return {
    principalId: identity.subject,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: allowed ? 'Allow' : 'Deny', Resource: stageWide(event.methodArn) }],
    },
    context: { username: identity.username, roles: identity.roles.join(' ') },
  };
}
